package dev.turnpoint.deploy;

import dev.turnpoint.persistence.embedded.IncompatibleDataFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Path;

/**
 * Starts Turnpoint: {@code java -jar turnpoint.jar [config.json]}. The configuration file may also be named by
 * {@code TURNPOINT_CONFIG}; {@code TURNPOINT_*} variables override it (see README).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    long startedAt = System.nanoTime();
    TurnpointConfig config;
    try {
      config = TurnpointConfig.load(configFile(args), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Turnpoint cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    Turnpoint turnpoint;
    try {
      turnpoint = Turnpoint.start(config);
    } catch (Exception | LinkageError e) {
      // Future.await() rethrows whatever failed, checked exceptions included (a port in use is a BindException).
      if (e instanceof BindException) {
        System.err.println("Turnpoint cannot start: " + e.getMessage() + " — another program uses the API or"
            + " console port; choose others with TURNPOINT_HTTP_PORT and TURNPOINT_CONSOLE_PORT");
      } else if (e instanceof IncompatibleDataFileException) {
        System.err.println("Turnpoint cannot start: " + e.getMessage());
      } else {
        LOG.error("Turnpoint failed to start", e);
      }
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(turnpoint::close, "turnpoint-shutdown"));
    long millis = (System.nanoTime() - startedAt) / 1_000_000;
    System.out.println(turnpoint.banner(millis));
  }

  private static Path configFile(String[] args) {
    if (args.length > 0) {
      return Path.of(args[0]);
    }
    String fromEnv = System.getenv("TURNPOINT_CONFIG");
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
  }
}
