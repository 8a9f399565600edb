package dev.turnpoint.engine.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox against real interpreter processes: a function that works, and each way out of the sandbox refused
 * with a tool error, after which the next call still works.
 */
class PythonSandboxTest {

  private static final SandboxSettings TIGHT = new SandboxSettings("/usr/bin/python3", "/usr/bin/bwrap",
      "/usr/bin/prlimit", 1, 2_500, 128, 64 * 1024, 32, 2);
  private static Vertx vertx;
  private static PythonSandbox sandbox;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sandbox = new PythonSandbox(vertx, TIGHT);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @AfterEach
  void theNextCallStillWorks() {
    assertThat(call("def add(a, b):\n  return a + b\n", "add", new JsonObject().put("a", 2).put("b", 3)).value())
        .isEqualTo(5);
  }

  private static PythonAnswer call(String code, String function, JsonObject arguments) {
    return sandbox.call(code, function, arguments, 0).await();
  }

  private static PythonAnswer call(String code) {
    return call(code, "tool", new JsonObject());
  }

  @Test
  void argumentsGoInAsKeywordsAndTheJsonResultComesOut() {
    String code = """
        def score(age: float, smokes: bool, tags: list) -> dict:
            print("working on it")
            return {"score": int(age) + (40 if smokes else 0), "tags": sorted(tags), "none": None}
        """;
    PythonAnswer answer = call(code, "score", new JsonObject().put("age", 50.5).put("smokes", true)
        .put("tags", new JsonArray().add("b").add("a")));
    assertThat(answer.error()).isNull();
    assertThat(answer.value()).isEqualTo(new JsonObject().put("score", 90).put("tags", new JsonArray().add("a")
        .add("b")).putNull("none"));
  }

  @Test
  void theToolsNameChoosesAmongSeveralFunctionsAndAnOnlyFunctionNeedsNoName() {
    String code = "def helper():\n  return 1\n\ndef lookup_capital(country):\n"
        + "  return country.upper() + str(helper())\n";
    assertThat(call(code, "lookup_capital", new JsonObject().put("country", "peru")).value()).isEqualTo("PERU1");
    assertThat(call("def add(a, b):\n  return a + b\n", "Add", new JsonObject().put("a", 1).put("b", 1)).value())
        .isEqualTo(2);
    assertThat(call(code, "missing", new JsonObject()).error())
        .isEqualTo("LookupError: the code defines no function named 'missing' (it defines helper, lookup_capital)");
  }

  @Test
  void aRaisingFunctionIsAToolErrorWithTheExceptionMessage() {
    assertThat(call("def tool():\n  raise ValueError('plan type unknown')\n").error())
        .isEqualTo("ValueError: plan type unknown");
    assertThat(call("def tool(a):\n  return a\n").error()).startsWith("TypeError: tool() missing 1 required");
    assertThat(call("def tool(:\n").error()).startsWith("SyntaxError");
    assertThat(call("def tool():\n  return {1, 2}\n").error())
        .isEqualTo("TypeError: the function returned a set, which is not JSON");
    assertThat(call("import sys\ndef tool():\n  sys.exit(3)\n").error()).isEqualTo("SystemExit: 3");
  }

  @Test
  void hostFilesCannotBeRead() {
    String code = """
        import os
        def tool(path):
            try:
                return open(path).read()
            except OSError as e:
                return "refused: " + type(e).__name__ + " " + str(sorted(os.listdir("/")))
        """;
    for (String path : new String[] {"/etc/passwd", Path.of("pom.xml").toAbsolutePath().toString(),
        System.getProperty("user.home") + "/.bashrc", "/proc/self/environ"}) {
      assertThat(call(code, "tool", new JsonObject().put("path", path)).value())
          .isEqualTo("refused: FileNotFoundError ['dev', 'lib', 'lib64', 'usr']");
    }
  }

  @Test
  void noSocketReachesAServerOnTheHost() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(300);
      String code = "import socket\ndef tool(port):\n  socket.create_connection(('127.0.0.1', port), timeout=2)\n"
          + "  return 'connected'\n";
      PythonAnswer answer = call(code, "tool", new JsonObject().put("port", server.getLocalPort()));
      assertThat(answer.value()).isNull();
      assertThat(answer.error()).matches("(ConnectionRefusedError|OSError).*");
      assertThat(acceptsWithin(server)).isFalse();
      assertThat(call("import socket\ndef tool():\n  socket.create_connection(('1.1.1.1', 80), timeout=2)\n")
          .error()).contains("Network is unreachable");
    }
  }

  private static boolean acceptsWithin(ServerSocket server) throws IOException {
    try {
      server.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void noProcessCanBeSpawned() {
    assertThat(call("import subprocess\ndef tool():\n  return subprocess.run(['/usr/bin/python3', '-V']).returncode\n")
        .error()).startsWith("PermissionError");
    assertThat(call("import os\ndef tool():\n  pid = os.fork()\n  if pid == 0:\n"
        + "    os.execv('/usr/bin/python3', ['python3', '-V'])\n  return pid\n").error())
        .isEqualTo("PermissionError: [Errno 1] Operation not permitted");
    assertThat(call("import os\ndef tool():\n  return os.system('echo escaped')\n").value())
        .isEqualTo(127 << 8);
    assertThat(call("import os\ndef tool():\n  return sorted(os.listdir('/usr/bin'))\n").value())
        .isEqualTo(new JsonArray().add("python3.11"));
  }

  @Test
  void aFunctionThatLoopsForeverIsStoppedByTheCpuLimit() {
    // A wall-clock limit far above the CPU limit, so that a busy machine cannot make the wall clock win the race.
    SandboxSettings cpuFirst = new SandboxSettings("/usr/bin/python3", "/usr/bin/bwrap", "/usr/bin/prlimit", 1,
        60_000, 128, 64 * 1024, 32, 1);
    assertThat(new PythonSandbox(vertx, cpuFirst).call("def tool():\n  while True:\n    pass\n", "tool",
        new JsonObject(), 0).await().error())
        .isEqualTo("the function exceeded its CPU time limit of 1 s (python_cpu_seconds)");
  }

  @Test
  void aFunctionThatSleepsForeverIsStoppedByTheWallClockLimit() {
    assertThat(call("import time\ndef tool():\n  time.sleep(60)\n").error())
        .isEqualTo("the function did not finish within 2500 ms");
    assertThat(sandbox.call("import time\ndef tool():\n  time.sleep(60)\n", "tool", new JsonObject(), 500).await()
        .error()).isEqualTo("the function did not finish within 500 ms");
  }

  @Test
  void unboundedMemoryIsRefused() {
    assertThat(call("def tool():\n  return len(bytearray(1 << 30))\n").error())
        .isEqualTo("the function ran out of memory (python_memory_mb 128 MiB)");
    assertThat(call("def tool():\n  chunks = []\n  while True:\n    chunks.append(' ' * 1000000)\n").error())
        .isEqualTo("the function ran out of memory (python_memory_mb 128 MiB)");
  }

  @Test
  void noFileCanBeWritten() {
    String code = """
        def tool(path):
            try:
                with open(path, "w") as f:
                    f.write("x" * 10_000_000)
                return "written"
            except OSError as e:
                return type(e).__name__ + " " + str(e.errno)
        """;
    assertThat(call(code, "tool", new JsonObject().put("path", "/huge")).value()).isEqualTo("OSError 30");
    assertThat(call(code, "tool", new JsonObject().put("path", "/dev/shm/huge")).value()).isNotEqualTo("written");
    assertThat(call(code, "tool", new JsonObject().put("path", "/usr/lib/huge")).value()).isEqualTo("OSError 30");
  }

  @Test
  void unboundedOutputIsCutOff() {
    assertThat(call("def tool():\n  while True:\n    print('x' * 1000)\n").error())
        .isEqualTo("the function printed more than 65536 bytes (python_max_output_bytes)");
    assertThat(call("def tool():\n  return 'x' * 100000\n").error())
        .isEqualTo("the function printed more than 65536 bytes (python_max_output_bytes)");
  }

  @Test
  void theServersEnvironmentIsNotVisible() {
    PythonAnswer answer = call("import os\ndef tool():\n  return dict(os.environ)\n");
    JsonObject seen = (JsonObject) answer.value();
    assertThat(seen.fieldNames()).isSubsetOf("PWD");
    assertThat(System.getenv()).isNotEmpty();
  }

  @Test
  void aMissingProgramIsAClearToolError() {
    SandboxSettings missing = new SandboxSettings("/usr/bin/python3", "/nowhere/bwrap", "/usr/bin/prlimit", 1,
        4_000, 128, 1024, 32, 1);
    PythonSandbox without = new PythonSandbox(vertx, missing);
    String reason = "bubblewrap (bwrap) is not installed at /nowhere/bwrap (configuration key python_bwrap);"
        + " inline_python tools cannot run";
    assertThat(without.unavailableReason().await()).isEqualTo(reason);
    assertThat(without.call("def tool():\n  return 1\n", "tool", new JsonObject(), 0).await().error())
        .isEqualTo(reason);
    assertThat(sandbox.unavailableReason().await()).isNull();
  }
}
