package dev.turnpoint.engine.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The seccomp program the sandboxed interpreter runs under, as the classic BPF bytes {@code bwrap --seccomp} loads:
 * it refuses to create processes ({@code fork}, {@code vfork}, {@code clone} without {@code CLONE_THREAD} fail with
 * {@code EPERM}; {@code clone3} answers {@code ENOSYS} so that the C library falls back to the checked {@code clone})
 * and allows everything else, threads included. Resource limits cannot do this here: the kernel does not count
 * processes against {@code RLIMIT_NPROC} for root, which the server may run as. A system call of another
 * architecture's table (x32 on x86-64) kills the process, so the numbers checked are the only ones that exist.
 */
final class SyscallFilter {

  private static final int LOAD_WORD = 0x20;
  private static final int JUMP_EQUAL = 0x15;
  private static final int JUMP_AT_LEAST = 0x35;
  private static final int JUMP_ANY_BIT = 0x45;
  private static final int RETURN = 0x06;
  private static final int ALLOW = 0x7fff0000;
  private static final int KILL_PROCESS = 0x80000000;
  private static final int ERRNO = 0x00050000;
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  private static final int CLONE_THREAD = 0x00010000;
  private static final int X32_BIT = 0x40000000;
  private static final int OFFSET_NR = 0;
  private static final int OFFSET_ARCH = 4;
  private static final int OFFSET_FIRST_ARGUMENT = 16;

  /** System call numbers of one architecture; -1 where it has no such call. */
  private record Table(int auditArch, int fork, int vfork, int cloneCall, int clone3) {
  }

  private static final Table X86_64 = new Table(0xc000003e, 57, 58, 56, 435);
  private static final Table AARCH64 = new Table(0xc00000b7, -1, -1, 220, 435);

  private SyscallFilter() {
  }

  /** The program for the architecture this JVM runs on, or null on one it does not know. */
  static byte[] forThisMachine() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> program(X86_64);
      case "aarch64", "arm64" -> program(AARCH64);
      default -> null;
    };
  }

  private static byte[] program(Table table) {
    ByteBuffer code = ByteBuffer.allocate(8 * 20).order(ByteOrder.LITTLE_ENDIAN);
    put(code, LOAD_WORD, 0, 0, OFFSET_ARCH);
    put(code, JUMP_EQUAL, 1, 0, table.auditArch());
    put(code, RETURN, 0, 0, KILL_PROCESS);
    put(code, LOAD_WORD, 0, 0, OFFSET_NR);
    put(code, JUMP_AT_LEAST, 0, 1, X32_BIT);
    put(code, RETURN, 0, 0, KILL_PROCESS);
    refuse(code, table.fork(), ERRNO | EPERM);
    refuse(code, table.vfork(), ERRNO | EPERM);
    refuse(code, table.clone3(), ERRNO | ENOSYS);
    put(code, JUMP_EQUAL, 0, 3, table.cloneCall());
    put(code, LOAD_WORD, 0, 0, OFFSET_FIRST_ARGUMENT);
    put(code, JUMP_ANY_BIT, 1, 0, CLONE_THREAD);
    put(code, RETURN, 0, 0, ERRNO | EPERM);
    put(code, RETURN, 0, 0, ALLOW);
    byte[] bytes = new byte[code.position()];
    code.flip().get(bytes);
    return bytes;
  }

  private static void refuse(ByteBuffer code, int syscall, int answer) {
    if (syscall >= 0) {
      put(code, JUMP_EQUAL, 0, 1, syscall);
      put(code, RETURN, 0, 0, answer);
    }
  }

  private static void put(ByteBuffer code, int op, int jumpTrue, int jumpFalse, int operand) {
    code.putShort((short) op).put((byte) jumpTrue).put((byte) jumpFalse).putInt(operand);
  }
}
