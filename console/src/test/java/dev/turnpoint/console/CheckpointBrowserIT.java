package dev.turnpoint.console;

import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming a finished run in a real browser: open the inline form on turn 2, override a variable and watch the
 * preview follow, create the fork, continue it and see the reply arrive live, then read its lineage and its
 * comparison with the source. Every step is photographed at 1280×800 and the new pages again at 390×844; the pages
 * must log no errors (a CSP violation would be one).
 */
class CheckpointBrowserIT {

  private static final Duration WAIT = BrowserConsole.WAIT;
  private static final String BOOKED = "Yes, this is Ada Lovelace and I would like a check-up";

  private static BrowserConsole console;
  private static ConsoleFixture fixture;
  private static HeadlessChromium chromium;
  private static WorkflowDocument workflow;

  @BeforeAll
  static void start() {
    console = BrowserConsole.start(ApiKeyRole.MEMBER);
    fixture = console.fixture;
    chromium = console.chromium;
    workflow = console.workflow;
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
  }

  @Test
  void resumeFromTurnTwoWithAnOverrideThenContinueTheForkAndCompareIt() {
    String source = fixture.driveRun(ConsoleFixture.TEAM, workflow.id, "Hi", BOOKED);
    var driver = chromium.driver;
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    signIn();

    driver.get(fixture.baseUrl() + "/runs/" + source);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".run-state .status-completed")));
    driver.executeScript("window.turnpointMarker = 'same page';");
    WebElement resume = driver.findElement(By.cssSelector("#turn-1-actions .resume-link"));
    scrollTo(driver.findElement(By.id("turn-1")));
    chromium.screenshot("c01-source-run-1280");

    resume.click();
    WebElement runtime = wait.until(ExpectedConditions.elementToBeClickable(By.id("resume-1-runtime-variables")));
    assertThat(driver.executeScript("return window.turnpointMarker;")).as("the form opened in place")
        .isEqualTo("same page");
    assertThat(driver.findElement(By.id("resume-1-preview")).getText())
        .contains("waits for the user at Ask name and reason").doesNotContain("vaccination");
    scrollTo(driver.findElement(By.id("resume-1")));
    chromium.screenshot("c02-resume-form-1280");

    runtime.sendKeys("reason = vaccination");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#resume-1-preview tr.overridden")));
    assertThat(driver.findElement(By.cssSelector("#resume-1-preview tr.overridden")).getText())
        .contains("[[reason]]").contains("vaccination");
    driver.findElement(By.id("resume-1-reason")).sendKeys("Offer the vaccination instead");
    runtime.sendKeys("\nbroken line");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("resume-1-runtime-variables-error"),
        "Line 2: write name = value."));
    chromium.screenshot("c03-override-error-1280");
    runtime.sendKeys(org.openqa.selenium.Keys.BACK_SPACE.toString().repeat("\nbroken line".length()));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("resume-1-runtime-variables-error")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#resume-1-preview tr.overridden")));
    scrollTo(driver.findElement(By.id("resume-1-preview")));
    chromium.screenshot("c04-preview-updated-1280");

    driver.findElement(By.id("resume-1-submit")).click();
    wait.until(driver1 -> {
      String url = driver1.getCurrentUrl();
      return url.matches(".*/runs/[0-9a-f]{24}$") && !url.endsWith(source);
    });
    String fork = driver.getCurrentUrl().substring(driver.getCurrentUrl().lastIndexOf('/') + 1);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
        "Hello! Who am I speaking with today?"));
    assertThat(driver.findElement(By.cssSelector(".run-header")).getText())
        .contains("Offer the vaccination instead").contains("Compare with source");
    assertThat(driver.findElements(By.cssSelector("#timeline > li.turn"))).hasSize(2);
    chromium.screenshot("c05-fork-opened-1280");

    driver.executeScript("window.turnpointMarker = 'fork page';");
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(By.id("message")));
    box.sendKeys("Yes, this is Grace Hopper");
    driver.findElement(By.cssSelector("#composer button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"),
        "Thanks Grace Hopper, you are booked for your vaccination tomorrow at 9."));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".run-state .status-completed")));
    assertThat(driver.executeScript("return window.turnpointMarker;")).as("the reply arrived without a page load")
        .isEqualTo("fork page");
    scrollTo(driver.findElement(By.id("turn-2")));
    chromium.screenshot("c06-fork-reply-1280");

    String forkOfFork = fixture.services.checkpoints().executeCheckpointRun(ConsoleFixture.TEAM, "seed",
        new CheckpointRunRequest(workflow.id, fork, 2, null, null, null, null, "Check the goodbye once more", false,
            null)).await().runId();
    driver.findElement(By.linkText("Lineage")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".lineage-current")));
    assertThat(driver.findElement(By.cssSelector(".lineage-current")).getAttribute("id"))
        .isEqualTo("lineage-" + fork);
    assertThat(driver.findElement(By.cssSelector(".lineage-ancestors")).getText()).contains(source.substring(16));
    assertThat(driver.findElement(By.cssSelector(".lineage-current")).getText())
        .contains("Offer the vaccination instead").contains("forked at turn 2")
        .contains(forkOfFork.substring(16)).contains("Check the goodbye once more").contains("forked at turn 3");
    chromium.screenshot("c07-lineage-1280");

    driver.findElement(By.cssSelector("#lineage-" + source + " .lineage-compare")).click();
    WebElement divergent = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".compare-first-divergent")));
    assertThat(divergent.getAttribute("id")).isEqualTo("turn-1");
    assertThat(divergent.getText()).contains("first difference").contains("vaccination");
    driver.findElement(By.cssSelector(".first-divergence-link")).click();
    wait.until(ExpectedConditions.urlContains("#turn-1"));
    chromium.screenshot("c08-compare-1280");
    scrollTo(driver.findElement(By.id("turn-2")));
    chromium.screenshot("c09-compare-diverged-1280");

    driver.findElement(By.linkText("Runs")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".runs-table")));
    assertThat(driver.findElement(By.cssSelector(".runs-table tbody")).getText())
        .contains("fork of").contains("at turn 2");
    chromium.screenshot("c10-runs-with-forks-1280");

    chromium.viewport(390, 844);
    driver.get(fixture.baseUrl() + "/runs/" + source);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#turn-1-actions .resume-link"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("resume-1-runtime-variables")))
        .sendKeys("reason = flu");
    // Each keystroke asks for a preview: wait for the one of the whole value, and for none to be in flight, since
    // leaving the page aborts a request in flight and htmx logs that as an error.
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#resume-1-preview tr.overridden"),
        "flu"));
    wait.until(done -> done.findElements(By.cssSelector(".htmx-request")).isEmpty());
    scrollTo(driver.findElement(By.id("resume-1")));
    chromium.screenshot("c11-resume-form-390");
    scrollTo(driver.findElement(By.id("resume-1-preview")));
    chromium.screenshot("c12-preview-390");
    driver.get(fixture.baseUrl() + "/runs/" + fork);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
    chromium.screenshot("c13-fork-390");
    driver.get(fixture.baseUrl() + "/runs/" + fork + "/lineage");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".lineage-current")));
    chromium.screenshot("c14-lineage-390");
    driver.get(fixture.baseUrl() + "/runs/" + fork + "/compare/" + source + "#turn-1");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".compare-first-divergent")));
    chromium.screenshot("c15-compare-390");
    chromium.viewport(1280, 800);

    assertThat(chromium.severeLogEntries()).as("errors the pages logged").isEmpty();
  }

  @Test
  void theFormClosesAgainAndWorksWithoutJavaScriptAsAPage() {
    String source = fixture.driveRun(ConsoleFixture.TEAM, workflow.id, "Hi");
    var driver = chromium.driver;
    WebDriverWait wait = new WebDriverWait(driver, WAIT);
    signIn();

    driver.get(fixture.baseUrl() + "/runs/" + source);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#turn-0-actions .resume-link"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#resume-0 .resume-cancel"))).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("resume-0")));
    assertThat(driver.findElement(By.id("turn-0-actions")).getText()).isEqualTo("Resume from here");

    driver.get(fixture.baseUrl() + "/runs/" + source + "/turns/0/resume");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("resume-0-preview")));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Resume from turn 1 of 2");
    chromium.screenshot("c16-resume-page-1280");
    assertThat(chromium.severeLogEntries()).as("errors the pages logged").isEmpty();
  }

  private static void scrollTo(WebElement element) {
    chromium.driver.executeScript("arguments[0].scrollIntoView({block: 'start'});", element);
  }

  /** Signs in through the form unless the browser already is. */
  private static void signIn() {
    console.signIn();
  }
}
