package dev.turnpoint.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope every persisted entity carries on the wire: owning team, authorship, timestamps and the ObjectId.
 */
public abstract class StoredDocument {
  @JsonProperty("_id")
  public String id;
  public String teamId;
  public String createdBy;
  public String updatedBy;
  public String createdAt;
  public String updatedAt;

  /** Fills the envelope of a new document. */
  public void stampCreated(String teamId, String userId) {
    String now = Timestamps.now();
    this.teamId = teamId;
    this.createdBy = userId;
    this.updatedBy = userId;
    this.createdAt = now;
    this.updatedAt = now;
  }
}
