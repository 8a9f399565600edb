package dev.turnpoint.model.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A user's rating of a turn or event: {@code up}, {@code down} or {@code strong_up}. */
public class RatingConfig {
  public String logicalId;
  public String value;
  @JsonProperty("createdBy")
  public String createdBy;
  @JsonProperty("updatedBy")
  public String updatedBy;
  @JsonProperty("createdAt")
  public String createdAt;
  @JsonProperty("updatedAt")
  public String updatedAt;
}
