package dev.turnpoint.model.workflow;

/** The fields shared by LLM nodes ({@code say_llm}, {@code worker_llm} and the evaluator). */
public abstract class LlmNode extends NodeConfig {
  public PromptConfig mainResponseConfig = new PromptConfig();
  public String attachableLlmConfigId;
  public LlmConfig llmsConfig;
  public ToolsConfig toolsConfig;
  public boolean selfLoop;
  public boolean waitForUserMessage = true;
  public int maxConsecutiveToolCalls = 1;
  public String defaultErrorMessage = "I am sorry, there seems to be an issue. Could you please repeat?";
  public boolean useMcpTools = false;
  public boolean ignoreDefaultPromptPrefix = false;
  public boolean ignoreDefaultPromptSuffix = false;
  public StructuredOutputSchema structuredOutputSchema;
  public PromptConfig backchannelResponseConfig;

  protected LlmNode(String type, boolean selfLoop) {
    super(type);
    this.selfLoop = selfLoop;
  }
}
