package dev.turnpoint.engine.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of one sandboxed interpreter, and the host paths it exposes. {@code /bin/sh} only opens the
 * seccomp program on descriptor 3 (a child process gets no other descriptors from Java) and replaces itself with
 * {@code prlimit}, which sets the CPU ({@code SIGXCPU} at the limit, {@code SIGKILL} a second later), address-space,
 * open-file and core limits and a file-size limit of zero, then replaces itself with {@code bwrap}. Bubblewrap
 * unshares every namespace (no network but an unconnected loopback, no other processes, no host IPC), clears the
 * environment, drops every capability and builds a read-only root holding only the interpreter binary, its standard
 * library and the shared-library directories, each at its host path: no {@code /etc}, {@code /home},
 * {@code /proc}, {@code /tmp}, no other program to run, nowhere to write. The interpreter starts isolated
 * ({@code -I}: no environment variables, no user site) without {@code site} ({@code -S}), and {@code -B} keeps it
 * from trying to write bytecode.
 */
final class SandboxCommand {

  private static final String SHELL = "/bin/sh";
  private static final int FILTER_DESCRIPTOR = 3;

  /** The host paths the sandbox mounts read-only, found from the interpreter's real location. */
  record Layout(Path interpreter, Path standardLibrary, List<Path> libraryDirectories) {
  }

  private SandboxCommand() {
  }

  /**
   * Resolves where the interpreter's pieces are, or says why it cannot run: a missing program, or an interpreter
   * without a {@code lib/pythonX.Y} beside it.
   */
  static Layout layout(SandboxSettings settings) throws SandboxUnavailableException {
    requireProgram(settings.bubblewrap(), "bubblewrap (bwrap)", "python_bwrap");
    requireProgram(settings.prlimit(), "prlimit", "python_prlimit");
    requireProgram(SHELL, "a shell", null);
    Path interpreter = requireProgram(settings.interpreter(), "python3", "python_interpreter");
    String name = interpreter.getFileName().toString();
    if (!name.matches("python3\\.\\d+")) {
      throw new SandboxUnavailableException("the Python interpreter " + interpreter
          + " is not a python3.X binary; set python_interpreter to one");
    }
    Path prefix = interpreter.getParent().getParent();
    Path standardLibrary = prefix.resolve("lib").resolve(name);
    if (!Files.isDirectory(standardLibrary)) {
      throw new SandboxUnavailableException("the Python interpreter " + interpreter + " has no standard library at "
          + standardLibrary);
    }
    List<Path> libraries = new ArrayList<>();
    for (Path candidate : List.of(prefix.resolve("lib").resolve(multiarch()), prefix.resolve("lib64"))) {
      if (Files.isDirectory(candidate)) {
        libraries.add(candidate);
      }
    }
    return new Layout(interpreter, standardLibrary, libraries);
  }

  private static Path requireProgram(String path, String what, String key) throws SandboxUnavailableException {
    Path program = Path.of(path);
    if (!Files.isExecutable(program)) {
      throw new SandboxUnavailableException(what + " is not installed at " + path
          + (key == null ? "" : " (configuration key " + key + ")") + "; inline_python tools cannot run");
    }
    try {
      return program.toRealPath();
    } catch (IOException e) {
      throw new SandboxUnavailableException(what + " at " + path + " cannot be resolved: " + e.getMessage());
    }
  }

  private static String multiarch() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "x86_64-linux-gnu";
      case "aarch64", "arm64" -> "aarch64-linux-gnu";
      default -> arch + "-linux-gnu";
    };
  }

  /** The whole command line; the runner script goes in as {@code -c}, the request on standard input. */
  static List<String> argv(SandboxSettings settings, Layout layout, Path filter, String runner) {
    long memoryBytes = settings.memoryMb() * 1024L * 1024L;
    List<String> command = new ArrayList<>(List.of(SHELL, "-c",
        "exec " + FILTER_DESCRIPTOR + "<\"$1\"; shift; exec \"$@\"", "sandbox", filter.toString(),
        settings.prlimit(),
        "--cpu=" + settings.cpuSeconds() + ":" + (settings.cpuSeconds() + 1),
        "--as=" + memoryBytes, "--fsize=0", "--core=0", "--nofile=" + settings.maxOpenFiles(), "--",
        settings.bubblewrap(), "--seccomp", String.valueOf(FILTER_DESCRIPTOR),
        "--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL"));
    bind(command, layout.interpreter());
    bind(command, layout.standardLibrary());
    layout.libraryDirectories().forEach(library -> bind(command, library));
    command.addAll(List.of("--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
        "--dev", "/dev", "--chdir", "/", "--remount-ro", "/dev", "--remount-ro", "/",
        layout.interpreter().toString(), "-I", "-S", "-B", "-c", runner));
    return command;
  }

  private static void bind(List<String> command, Path path) {
    command.addAll(List.of("--ro-bind", path.toString(), path.toString()));
  }
}
