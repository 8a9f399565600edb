package dev.turnpoint.console;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

/**
 * What the browser tests share: the console with a real engine on the offline LLM, a key for the test team, the
 * front-desk workflow, and headless Chromium at 1280×800. Starting it skips the calling test when Chromium or its
 * driver is not installed.
 */
final class BrowserConsole implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(15);

  final ConsoleFixture fixture;
  final HeadlessChromium chromium;
  final String key;
  final WorkflowDocument workflow;

  private BrowserConsole(ConsoleFixture fixture, HeadlessChromium chromium, String key, WorkflowDocument workflow) {
    this.fixture = fixture;
    this.chromium = chromium;
    this.key = key;
    this.workflow = workflow;
  }

  static BrowserConsole start(ApiKeyRole role) {
    Assumptions.assumeTrue(HeadlessChromium.available(), "needs /usr/bin/chromium and /usr/bin/chromedriver");
    JsonObject engineConfig = new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm"))
        .put("reaper_interval_ms", 0);
    ConsoleFixture fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new), engineConfig);
    try {
      String key = fixture.createKey(ConsoleFixture.TEAM, role);
      WorkflowDocument workflow = fixture.services.workflows()
          .createWorkflow(ConsoleFixture.TEAM, "seed", ConsoleFixture.frontDesk()).await();
      HeadlessChromium chromium = HeadlessChromium.start(1280, 800);
      chromium.viewport(1280, 800);
      return new BrowserConsole(fixture, chromium, key, workflow);
    } catch (RuntimeException e) {
      fixture.close();
      throw e;
    }
  }

  /** Signs in with the test key unless the browser already has a session. */
  void signIn() {
    var driver = chromium.driver;
    driver.get(fixture.baseUrl() + "/sign-in");
    if (driver.getCurrentUrl().contains("/sign-in")) {
      driver.findElement(By.id("api-key")).sendKeys(key);
      driver.findElement(By.cssSelector(".sign-in button[type=submit]")).click();
      new WebDriverWait(driver, WAIT).until(ExpectedConditions.not(ExpectedConditions.urlContains("/sign-in")));
    }
  }

  @Override
  public void close() {
    chromium.close();
    fixture.close();
  }
}
