package dev.turnpoint.engine.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the function of an {@code inline_python} tool in a separate, locked-down CPython process (see
 * {@link SandboxCommand} for how it is locked down and docs/sandbox.md for why a process), one call per process:
 * the code and the arguments go in as JSON, the function's JSON result comes out. Calls run on a worker pool of
 * {@link SandboxSettings#maxConcurrent()} threads, never on an event loop; further calls queue for a free thread.
 *
 * <p>Every way a call can go wrong answers a {@link PythonAnswer} with an error, never a failed future: the
 * function raised, returned something that is not JSON, ran out of CPU time, wall-clock time or memory, printed
 * too much, ended the interpreter, or the sandbox cannot run on this machine (a missing {@code bwrap},
 * {@code prlimit} or interpreter, said in the error and logged once by the engine at startup).
 */
public final class PythonSandbox {

  private static final String MARKER = "\u001eturnpoint-sandbox-answer ";
  private static final int SIGXCPU_EXIT = 128 + 24;
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final String RUNNER = runnerScript();

  private final Vertx vertx;
  private final SandboxSettings settings;
  private final WorkerExecutor workers;
  private volatile Path filter;

  public PythonSandbox(Vertx vertx, SandboxSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.workers = vertx.createSharedWorkerExecutor("turnpoint-python-sandbox", settings.maxConcurrent(),
        10, TimeUnit.MINUTES);
  }

  public SandboxSettings settings() {
    return settings;
  }

  /** Why inline_python tools cannot run here, or null when they can. Checks the programs on a worker thread. */
  public Future<String> unavailableReason() {
    return workers.executeBlocking(() -> {
      try {
        SandboxCommand.layout(settings);
        return null;
      } catch (SandboxUnavailableException e) {
        return e.getMessage();
      }
    }, false);
  }

  /**
   * Calls {@code function} (or the code's only function) with {@code arguments} as keyword arguments.
   *
   * @param wallTimeoutMs how long the call may take; at most {@link SandboxSettings#wallTimeoutMs()}, which a
   *                      value of 0 or less means
   */
  public Future<PythonAnswer> call(String code, String function, JsonObject arguments, long wallTimeoutMs) {
    long wall = wallTimeoutMs <= 0 ? settings.wallTimeoutMs() : Math.min(wallTimeoutMs, settings.wallTimeoutMs());
    JsonObject request = new JsonObject().put("code", code == null ? "" : code).put("function", function)
        .put("arguments", arguments == null ? new JsonObject() : arguments);
    return workers.executeBlocking(() -> runBlocking(request, wall), false);
  }

  /** Releases the worker pool. */
  public Future<Void> close() {
    return workers.close();
  }

  private PythonAnswer runBlocking(JsonObject request, long wallMs) throws IOException {
    SandboxCommand.Layout layout;
    try {
      layout = SandboxCommand.layout(settings);
    } catch (SandboxUnavailableException e) {
      return PythonAnswer.failed(e.getMessage());
    }
    Path program = filterFile();
    if (program == null) {
      return PythonAnswer.failed("the Python sandbox does not support this machine's architecture ("
          + System.getProperty("os.arch") + "); inline_python tools cannot run");
    }
    ProcessBuilder builder = new ProcessBuilder(SandboxCommand.argv(settings, layout, program, RUNNER))
        .redirectErrorStream(true);
    builder.environment().clear();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return PythonAnswer.failed("the Python sandbox could not start: " + e.getMessage());
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    long timer = vertx.setTimer(wallMs, id -> {
      timedOut.set(true);
      kill(process);
    });
    try {
      send(process, request);
      byte[] output = readBounded(process.getInputStream(), settings.maxOutputBytes());
      if (output == null) {
        kill(process);
        return PythonAnswer.failed("the function printed more than " + settings.maxOutputBytes()
            + " bytes (python_max_output_bytes)");
      }
      int exit = process.waitFor();
      if (timedOut.get()) {
        return PythonAnswer.failed("the function did not finish within " + wallMs + " ms");
      }
      return answer(new String(output, StandardCharsets.UTF_8), exit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PythonAnswer.failed("the Python sandbox was interrupted");
    } finally {
      vertx.cancelTimer(timer);
      kill(process);
    }
  }

  private static void send(Process process, JsonObject request) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(request.encode().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The interpreter ended before reading its request; its exit status and output say why.
    }
  }

  /** Everything the process prints until it ends, or null once it prints more than {@code limit} bytes. */
  private static byte[] readBounded(InputStream out, int limit) throws IOException {
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int read = out.read(buffer); read >= 0; read = out.read(buffer)) {
      if (kept.size() + read > limit + MARKER.length() + 2) {
        return null;
      }
      kept.write(buffer, 0, read);
    }
    return kept.toByteArray();
  }

  private PythonAnswer answer(String output, int exit) {
    int marker = output.lastIndexOf(MARKER);
    if (marker < 0) {
      return PythonAnswer.failed(withoutAnswer(output, exit));
    }
    String line = output.substring(marker + MARKER.length()).strip();
    JsonObject body;
    try {
      body = new JsonObject(line);
    } catch (DecodeException e) {
      return PythonAnswer.failed("the function's answer could not be read: " + e.getMessage());
    }
    if (body.containsKey("error")) {
      if ("memory".equals(body.getString("kind"))) {
        return PythonAnswer.failed(memoryMessage());
      }
      return PythonAnswer.failed(body.getString("error"));
    }
    return new PythonAnswer(body.getValue("result"), null);
  }

  private String withoutAnswer(String output, int exit) {
    if (exit == SIGXCPU_EXIT || exit == SIGKILL_EXIT) {
      return "the function exceeded its CPU time limit of " + settings.cpuSeconds() + " s (python_cpu_seconds)";
    }
    if (output.contains("MemoryError")) {
      return memoryMessage();
    }
    String said = output.strip();
    if (said.length() > 300) {
      said = "..." + said.substring(said.length() - 300);
    }
    return "the function ended the interpreter without an answer (exit status " + exit + ")"
        + (said.isEmpty() ? "" : ": " + said);
  }

  private String memoryMessage() {
    return "the function ran out of memory (python_memory_mb " + settings.memoryMb() + " MiB)";
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private Path filterFile() throws IOException {
    Path known = filter;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (filter == null) {
        byte[] program = SyscallFilter.forThisMachine();
        if (program == null) {
          return null;
        }
        Path file = Files.createTempFile("turnpoint-sandbox-", ".bpf",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        Files.write(file, program);
        filter = file;
      }
      return filter;
    }
  }

  private static String runnerScript() {
    try (InputStream script = PythonSandbox.class.getResourceAsStream("runner.py")) {
      if (script == null) {
        throw new IllegalStateException("runner.py is missing from the engine's resources");
      }
      return new String(script.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
