package dev.turnpoint.model;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Identifiers: MongoDB ObjectIds (24 lower-case hex digits) and the prefixed logical ids of the model. */
public final class Ids {

  /** The pattern every path parameter that names a workflow or run must match. */
  public static final Pattern OBJECT_ID = Pattern.compile("^[0-9a-f]{24}$");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] PROCESS_UNIQUE = randomBytes(5);
  private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt(0x00ffffff));

  private Ids() {
  }

  public static boolean isObjectId(String value) {
    return value != null && OBJECT_ID.matcher(value).matches();
  }

  /** A new ObjectId in MongoDB's layout: seconds since the epoch, a per-process random part and a counter. */
  public static String newObjectId() {
    int seconds = (int) (System.currentTimeMillis() / 1000);
    int counter = COUNTER.getAndIncrement() & 0x00ffffff;
    StringBuilder hex = new StringBuilder(24);
    hex.append(String.format("%08x", seconds));
    for (byte b : PROCESS_UNIQUE) {
      hex.append(String.format("%02x", b));
    }
    hex.append(String.format("%06x", counter));
    return hex.toString();
  }

  /** A logical id such as {@code node_6f1c…}: the prefix, an underscore and a random UUID. */
  public static String logicalId(String prefix) {
    return prefix + "_" + UUID.randomUUID();
  }

  public static String randomToken(int bytes) {
    StringBuilder hex = new StringBuilder(bytes * 2);
    for (byte b : randomBytes(bytes)) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
