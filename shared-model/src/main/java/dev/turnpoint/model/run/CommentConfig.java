package dev.turnpoint.model.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Timestamps;

/** A comment on a run or a turn. Its authorship fields are camelCase on the wire (spec §3.7). */
public class CommentConfig {
  public String logicalId;
  public String content;
  @JsonProperty("createdBy")
  public String createdBy;
  @JsonProperty("updatedBy")
  public String updatedBy;
  @JsonProperty("createdAt")
  public String createdAt;
  @JsonProperty("updatedAt")
  public String updatedAt;

  public static CommentConfig create(String content, String userId) {
    CommentConfig comment = new CommentConfig();
    String now = Timestamps.now();
    comment.logicalId = Ids.logicalId("comment");
    comment.content = content;
    comment.createdBy = userId;
    comment.updatedBy = userId;
    comment.createdAt = now;
    comment.updatedAt = now;
    return comment;
  }
}
