package dev.turnpoint.deploy.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The soak's reading of a GC log, on lines a Java 17 serial collector wrote with {@code -Xlog:gc*}. */
class GcLogTest {

  private static final String YOUNG = """
      [3.034s][info][gc,start    ] GC(0) Pause Young (Allocation Failure)
      [3.104s][info][gc,heap     ] GC(0) DefNew: 13184K(14784K)->1600K(14784K) Eden: 13184K(13184K)->0K(13184K)
      [3.104s][info][gc,heap     ] GC(0) Tenured: 0K(114688K)->2100K(114688K)
      [3.104s][info][gc          ] GC(0) Pause Young (Allocation Failure) 12M->3M(126M) 70.531ms
      [3.104s][info][gc,cpu      ] GC(0) User=0.03s Sys=0.00s Real=0.07s
      """;
  private static final String FULL = """
      [4.078s][info][gc,start    ] GC(23) Pause Full (System.gc())
      [4.078s][info][gc,phases,start] GC(23) Phase 1: Mark live objects
      [4.084s][info][gc,phases      ] GC(23) Phase 1: Mark live objects 5.669ms
      [4.105s][info][gc,phases      ] GC(23) Phase 4: Move objects 9.545ms
      [4.105s][info][gc             ] GC(23) Pause Full (System.gc()) 103M->14M(126M) 26.894ms
      [4.105s][info][gc,cpu         ] GC(23) User=0.02s Sys=0.00s Real=0.03s
      """;

  @TempDir
  Path work;

  @Test
  void countsEachCollectionOnceByItsSummaryLine() {
    GcLog.Pauses pauses = GcLog.parse(YOUNG + FULL + YOUNG.replace("GC(0)", "GC(24)").replace("70.531", "9"));

    assertThat(pauses.young()).isEqualTo(2);
    assertThat(pauses.youngMillis()).isCloseTo(79.531, within(1e-9));
    assertThat(pauses.full()).isEqualTo(1);
    assertThat(pauses.fullMillis()).isCloseTo(26.894, within(1e-9));
  }

  @Test
  void readsOnlyWhatWasWrittenSinceTheLastReadAndWaitsForWholeLines() throws Exception {
    Path file = work.resolve("gc.log");
    GcLog log = new GcLog(file);
    assertThat(log.readNew()).isEqualTo(GcLog.Pauses.NONE);

    int cut = FULL.indexOf("26.8");
    Files.writeString(file, YOUNG + FULL.substring(0, cut));
    GcLog.Pauses first = log.readNew();
    Files.writeString(file, FULL.substring(cut), StandardOpenOption.APPEND);
    GcLog.Pauses second = log.readNew();

    assertThat(first).isEqualTo(new GcLog.Pauses(1, 70.531, 0, 0));
    assertThat(second).isEqualTo(new GcLog.Pauses(0, 0, 1, 26.894));
    assertThat(log.readNew()).isEqualTo(GcLog.Pauses.NONE);
  }

  @Test
  void asksTheJvmForEveryGcTagInOneFileWithoutRotation() {
    assertThat(GcLog.jvmOptions(Path.of("/tmp/x.log")))
        .containsExactly("-Xlog:gc*:file=/tmp/x.log:uptime,level,tags:filecount=0");
  }
}
