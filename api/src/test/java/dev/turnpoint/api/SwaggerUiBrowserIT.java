package dev.turnpoint.api;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Swagger UI really works under the docs' Content-Security-Policy: Debian's headless Chromium loads {@code /docs},
 * renders every operation and reports no policy violation or script error. Skipped when Chromium or its driver is
 * not installed.
 */
@ExtendWith(VertxExtension.class)
class SwaggerUiBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium is not installed");
    api = ApiFixture.start(vertx);
  }

  @Test
  void swaggerUiRendersEveryOperationWithoutBreakingThePolicy() throws IOException {
    Path profile = Files.createTempDirectory("turnpoint-docs-chromium");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--no-first-run", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get("http://localhost:" + api.api.actualPort() + "/docs");
      new WebDriverWait(driver, Duration.ofSeconds(30))
          .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 20));
      driver.findElement(By.cssSelector(".opblock-summary")).click();
      new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock-body")));

      List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
          .map(LogEntry::getMessage)
          .toList();
      assertThat(problems).isEmpty();
      assertThat(driver.findElement(By.cssSelector(".info .title")).getText()).contains("Turnpoint Workflows API");
    } finally {
      driver.quit();
      service.stop();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
