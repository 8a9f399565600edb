package dev.turnpoint.engine.sandbox;

/**
 * Where the programs an {@code inline_python} tool needs live and the limits every call runs under. Parsed from the
 * engine's {@code python_*} configuration keys (see {@code EngineVerticle}); {@link #DEFAULT} holds the defaults.
 *
 * @param interpreter     the CPython that runs the tool ({@code python_interpreter}); its standard library is the
 *                        {@code lib/pythonX.Y} directory beside it
 * @param bubblewrap      the {@code bwrap} binary that builds the sandbox ({@code python_bwrap})
 * @param prlimit         the {@code prlimit} binary that sets its resource limits ({@code python_prlimit})
 * @param cpuSeconds      CPU time one call may use ({@code python_cpu_seconds})
 * @param wallTimeoutMs   wall-clock time one call may take, and the most a tool's {@code timeout_seconds} may ask for
 *                        ({@code python_wall_timeout_ms})
 * @param memoryMb        address space of the interpreter ({@code python_memory_mb})
 * @param maxOutputBytes  what a call may print, its result included ({@code python_max_output_bytes})
 * @param maxOpenFiles    file descriptors the interpreter may hold ({@code python_max_open_files})
 * @param maxConcurrent   calls that run at once; further ones wait for a free slot ({@code python_max_concurrent})
 */
public record SandboxSettings(String interpreter, String bubblewrap, String prlimit, int cpuSeconds,
                              long wallTimeoutMs, int memoryMb, int maxOutputBytes, int maxOpenFiles,
                              int maxConcurrent) {

  public static final SandboxSettings DEFAULT = new SandboxSettings("/usr/bin/python3", "/usr/bin/bwrap",
      "/usr/bin/prlimit", 5, 10_000, 256, 1 << 20, 64, 2);

  public SandboxSettings {
    requireText(interpreter, "python_interpreter");
    requireText(bubblewrap, "python_bwrap");
    requireText(prlimit, "python_prlimit");
    requirePositive(cpuSeconds, "python_cpu_seconds");
    requirePositive(wallTimeoutMs, "python_wall_timeout_ms");
    requirePositive(maxOutputBytes, "python_max_output_bytes");
    requirePositive(maxConcurrent, "python_max_concurrent");
    if (memoryMb < 32) {
      throw new IllegalArgumentException("python_memory_mb must be at least 32 (the interpreter needs it to start)");
    }
    if (maxOpenFiles < 8) {
      throw new IllegalArgumentException("python_max_open_files must be at least 8");
    }
  }

  private static void requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must not be blank");
    }
  }

  private static void requirePositive(long value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
  }
}
