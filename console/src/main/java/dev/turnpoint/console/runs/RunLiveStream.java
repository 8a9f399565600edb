package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's live part as Server-Sent Events, for the htmx SSE extension. Each connection subscribes to the engine's
 * run events and the console's own notices, keeps those of its run and team, re-reads the run through the store and
 * pushes the re-rendered {@code runs/live.jte} as a {@value #RUN_EVENT} event. Once the run has ended it sends
 * {@value #END_EVENT} (the page closes the stream on it) and hangs up.
 */
final class RunLiveStream {

  static final String RUN_EVENT = "run";
  static final String END_EVENT = "end";

  /** Comment lines this often keep proxies and browsers from dropping an idle stream. */
  private static final long KEEP_ALIVE_MS = 20_000;

  private final Vertx vertx;
  private final RunStore runs;
  private final PageResponder pages;

  RunLiveStream(Vertx vertx, RunStore runs, PageResponder pages) {
    this.vertx = vertx;
    this.runs = runs;
    this.pages = pages;
  }

  /**
   * Starts streaming a run. The stream subscribes first and then reads the run once: when the page was rendered from
   * an older revision than the store has now, it starts with the current state, so nothing in between is missed.
   */
  void open(HttpServerResponse response, Viewer viewer, String csrfToken, String runId, Long pageRevision) {
    new Connection(response, viewer, csrfToken, runId).start(pageRevision);
  }

  private record Update(RunRecord record, String html) {
  }

  private final class Connection {
    private final HttpServerResponse response;
    private final Viewer viewer;
    private final String csrfToken;
    private final String runId;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();
    private long keepAliveTimer = -1;
    private boolean closed;
    private boolean refreshing;
    private boolean refreshAgain;
    private String pendingFlash;
    private Long shownRevision;

    Connection(HttpServerResponse response, Viewer viewer, String csrfToken, String runId) {
      this.response = response;
      this.viewer = viewer;
      this.csrfToken = csrfToken;
      this.runId = runId;
    }

    void start(Long pageRevision) {
      PageResponder.htmlHeaders(response);
      response.setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
          .putHeader("X-Accel-Buffering", "no")
          .closeHandler(closed -> close());
      response.write("retry: 3000\n\n");
      shownRevision = pageRevision;
      subscribe();
      refresh(null);
    }

    private void subscribe() {
      consumers.add(vertx.eventBus().consumer(Addresses.EVENT_TURN_COMPLETED, message -> onRunEvent(message.body())));
      consumers.add(vertx.eventBus().consumer(Addresses.EVENT_STATUS_CHANGED, message -> onRunEvent(message.body())));
      consumers.add(RunNotices.subscribe(vertx, notice -> {
        if (RunEventFilter.concerns(notice, viewer.teamId(), runId)) {
          refresh(notice.getString(RunNotices.FAILURE));
        }
      }));
      keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> {
        if (!closed) {
          response.write(": keep-alive\n\n");
        }
      });
    }

    private void onRunEvent(Object body) {
      if (RunEventFilter.concerns(body, viewer.teamId(), runId)) {
        refresh(null);
      }
    }

    /** Re-reads the run; events that arrive meanwhile are folded into one more read afterwards. */
    private void refresh(String flash) {
      if (flash != null) {
        pendingFlash = flash;
      }
      if (refreshing) {
        refreshAgain = true;
        return;
      }
      refreshing = true;
      String flashToShow = pendingFlash;
      pendingFlash = null;
      runs.getRun(viewer.teamId(), runId)
          .compose(record -> render(record, flashToShow).map(html -> new Update(record, html)))
          .onComplete(read -> {
            refreshing = false;
            if (closed) {
              return;
            }
            if (read.failed()) {
              close();
              return;
            }
            push(read.result());
            if (refreshAgain && !closed) {
              refreshAgain = false;
              refresh(null);
            }
          });
    }

    /**
     * The run's live part, or null when the viewer already has this revision and there is no news to show (then the
     * checkpoints are not read at all).
     */
    private Future<String> render(RunRecord record, String flash) {
      if (flash == null && shownRevision != null && shownRevision == record.revision()) {
        return Future.succeededFuture();
      }
      return TurnCheckpoints.read(runs, viewer.teamId(), record)
          .map(states -> pages.render("runs/live.jte", RunViews.live(record, states, viewer, csrfToken, flash)));
    }

    private void push(Update update) {
      if (update.html() != null) {
        shownRevision = update.record().revision();
        send(RUN_EVENT, update.html());
      }
      if (RunViews.status(update.record().document().workflowRun).isTerminal()) {
        end();
      }
    }

    private void end() {
      send(END_EVENT, "");
      close();
    }

    private void send(String event, String data) {
      if (closed) {
        return;
      }
      StringBuilder frame = new StringBuilder(data.length() + 64).append("event: ").append(event).append('\n');
      for (String line : data.split("\r?\n", -1)) {
        frame.append("data: ").append(line).append('\n');
      }
      response.write(frame.append('\n').toString());
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      consumers.forEach(MessageConsumer::unregister);
      consumers.clear();
      if (keepAliveTimer >= 0) {
        vertx.cancelTimer(keepAliveTimer);
      }
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
  }
}
