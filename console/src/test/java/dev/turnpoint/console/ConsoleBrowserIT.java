package dev.turnpoint.console;

import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.DeploymentOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: sign in, open a run, send the next message and watch the reply arrive over the
 * live stream without a reload, comment on the finished run, open the workflow. Every step is photographed at
 * 1280×800 and the main pages again at 390×844; the page must log no errors (a CSP violation would be one).
 */
class ConsoleBrowserIT {

  private static final Duration WAIT = BrowserConsole.WAIT;

  private static BrowserConsole console;
  private static ConsoleFixture fixture;
  private static HeadlessChromium chromium;
  private static String key;
  private static WorkflowDocument workflow;

  @BeforeAll
  static void start() {
    console = BrowserConsole.start(ApiKeyRole.ADMIN);
    fixture = console.fixture;
    chromium = console.chromium;
    key = console.key;
    workflow = console.workflow;
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void signInContinueARunLiveAndOpenItsWorkflow() {
    String runId = startRun();
    var driver = chromium.driver;
    WebDriverWait wait = new WebDriverWait(driver, WAIT);

    driver.get(fixture.baseUrl() + "/sign-in");
    driver.manage().deleteAllCookies();
    driver.get(fixture.baseUrl() + "/runs/" + runId);
    wait.until(ExpectedConditions.urlContains("/sign-in"));
    chromium.screenshot("01-sign-in-1280");
    driver.findElement(By.id("api-key")).sendKeys(key);
    driver.findElement(By.cssSelector(".sign-in button[type=submit]")).click();

    wait.until(ExpectedConditions.urlToBe(fixture.baseUrl() + "/runs/" + runId));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
        "May I have your full name"));
    chromium.screenshot("02-run-1280");

    driver.executeScript("window.turnpointMarker = 'same page';");
    send("Hi");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
        "Hello! Who am I speaking with today?"));
    assertThat(driver.findElements(By.cssSelector("#timeline > li.turn:not(.turn-pending)"))).hasSize(2);
    chromium.screenshot("03-reply-arrived-1280");

    send("Yes, this is Ada Lovelace and I would like a check-up");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
        "Thanks Ada Lovelace, you are booked for your check-up tomorrow at 9."));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".run-state .status-completed")));
    assertThat(driver.executeScript("return window.turnpointMarker;"))
        .as("the replies arrived without a page load").isEqualTo("same page");
    chromium.screenshot("04-run-completed-1280");

    WebElement comment = wait.until(ExpectedConditions.elementToBeClickable(By.id("run-comments-content")));
    comment.sendKeys("Booked correctly <b>and</b> politely.");
    driver.findElement(By.cssSelector("#run-comments button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-comments"),
        "Booked correctly <b>and</b> politely."));
    assertThat(driver.executeScript("return window.turnpointMarker;")).isEqualTo("same page");
    driver.findElement(By.cssSelector("details.turn-variables summary")).click();
    chromium.screenshot("05-commented-1280");

    driver.findElement(By.cssSelector("#run-title a")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".graph"), "Ask name and reason"));
    assertThat(driver.findElement(By.cssSelector(".node .badge-start")).getText()).isEqualTo("start");
    chromium.screenshot("06-workflow-1280");

    driver.findElement(By.linkText("Runs")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".runs-table")));
    chromium.screenshot("07-runs-1280");

    chromium.viewport(390, 844);
    chromium.screenshot("08-runs-390");
    driver.get(fixture.baseUrl() + "/runs/" + runId);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
    chromium.screenshot("09-run-390");
    driver.get(fixture.baseUrl() + "/workflows/" + workflow.id);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".graph")));
    chromium.screenshot("10-workflow-390");
    chromium.viewport(1280, 800);

    assertThat(chromium.severeLogEntries()).as("errors the pages logged").isEmpty();
  }

  @Test
  void filtersAndVersionActionsUpdateThePageInPlace() {
    startRun();
    String stopped = startRun();
    fixture.services.engine().executeTurn(ConsoleFixture.TEAM, "seed", workflow.id, stopped, null, command(
        RunCommand.STOP)).await();
    var driver = chromium.driver;
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    signIn();

    driver.get(fixture.baseUrl() + "/runs");
    driver.executeScript("window.turnpointMarker = 'same page';");
    new Select(driver.findElement(By.id("filter-status"))).selectByValue("cancelled");
    wait.until(ExpectedConditions.urlContains("status=cancelled"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".runs-table tbody tr"), 1));
    assertThat(driver.findElement(By.cssSelector(".runs-table tbody")).getText()).contains(stopped);
    assertThat(driver.executeScript("return window.turnpointMarker;")).isEqualTo("same page");
    chromium.screenshot("11-runs-filtered-1280");

    driver.get(fixture.baseUrl() + "/workflows/" + workflow.id);
    driver.executeScript("window.turnpointMarker = 'same page';");
    driver.findElement(By.id("version-name")).sendKeys("Friendlier greeting");
    driver.findElement(By.cssSelector(".new-version button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"), "Version 1 created"));
    wait.until(ExpectedConditions.urlContains("?version=1"));
    driver.findElement(By.cssSelector(".version-shown button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash"), "Version 1 is now active"));
    assertThat(driver.findElement(By.cssSelector(".version-shown")).getText()).contains("active");
    assertThat(driver.executeScript("return window.turnpointMarker;")).isEqualTo("same page");
    chromium.screenshot("12-version-activated-1280");
    assertThat(chromium.severeLogEntries()).as("errors the pages logged").isEmpty();
  }

  /** Signs in through the form unless the browser already is. */
  private static void signIn() {
    console.signIn();
  }

  /** Types the next user message and sends it with the composer (an htmx request). */
  private static void send(String message) {
    WebDriverWait wait = new WebDriverWait(chromium.driver, WAIT);
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("message")));
    box.sendKeys(message);
    chromium.driver.findElement(By.cssSelector("#composer button[type=submit]")).click();
  }

  private static String startRun() {
    InteractiveRunResponse started = fixture.services.engine()
        .executeTurn(ConsoleFixture.TEAM, "seed", workflow.id, null, null, command(RunCommand.START)).await();
    return started.runId;
  }

  private static WorkflowRunInput command(RunCommand command) {
    WorkflowRunInput input = new WorkflowRunInput();
    input.command = command;
    input.workflowId = workflow.id;
    return input;
  }
}
