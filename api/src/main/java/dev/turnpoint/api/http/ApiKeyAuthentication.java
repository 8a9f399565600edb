package dev.turnpoint.api.http;

import dev.turnpoint.service.ApiKeyPrincipal;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Requires {@code Authorization: Bearer <key>} and attaches the {@link Caller}. Keys are checked with the
 * {@link ApiKeyStore}; a positive answer is trusted for {@code cacheMillis}, so a revoked key stops working within
 * that time (at once on this instance, which forgets a key it revokes). The SDK's {@code teamid} header is ignored:
 * the team is the key's. Every admitted request counts against its key's rate limit, every refused one against its
 * address's ({@link RateLimits}).
 */
public final class ApiKeyAuthentication implements Handler<RoutingContext> {

  /** The SDK's user id header; it becomes {@code created_by} when it looks like an id. */
  static final String USER_HEADER = "uuid";
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@:+-]{1,128}");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+(\\S{1,512})\\s*");
  private static final int MAX_CACHED_KEYS = 10_000;

  private final ApiKeyStore keys;
  private final long cacheMillis;
  private final RateLimits limits;
  private final Map<String, CachedPrincipal> cache = new LinkedHashMap<>();

  public ApiKeyAuthentication(ApiKeyStore keys, long cacheMillis, RateLimits limits) {
    this.keys = keys;
    this.cacheMillis = cacheMillis;
    this.limits = limits;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    var bearer = authorization == null ? null : BEARER.matcher(authorization);
    if (bearer == null || !bearer.matches()) {
      refuse(ctx, "Not authenticated");
      return;
    }
    String key = bearer.group(1);
    String digest = digest(key);
    CachedPrincipal cached = cached(digest);
    if (cached != null) {
      admit(ctx, cached.principal());
      return;
    }
    // An address that keeps sending wrong keys is refused before its next key costs a look-up.
    ApiProblem exhausted = limits.exhaustedForAddress(ctx.request());
    if (exhausted != null) {
      ctx.fail(exhausted);
      return;
    }
    keys.authenticate(key).onComplete(checked -> {
      if (checked.succeeded()) {
        remember(digest, checked.result(), System.currentTimeMillis());
        admit(ctx, checked.result());
      } else if (ServiceException.from(checked.cause()).code() == FailureCode.UNAUTHENTICATED) {
        refuse(ctx, "Invalid or revoked API key");
      } else {
        ctx.fail(checked.cause());
      }
    });
  }

  private void admit(RoutingContext ctx, ApiKeyPrincipal principal) {
    ApiProblem overLimit = limits.takeForKey(principal.keyId());
    if (overLimit != null) {
      ctx.fail(overLimit);
      return;
    }
    new Caller(principal, userId(ctx, principal)).attachTo(ctx);
    ctx.next();
  }

  /** A request without a valid key: 401, or 429 once its address has sent too many. */
  private void refuse(RoutingContext ctx, String detail) {
    ApiProblem overLimit = limits.takeForAddress(ctx.request());
    ctx.fail(overLimit != null ? overLimit : new ApiProblem(401, detail));
  }

  /** Stops trusting a key at once (after this instance revoked it). */
  public void forget(String keyId) {
    cache.values().removeIf(cached -> cached.principal().keyId().equals(keyId));
  }

  private CachedPrincipal cached(String digest) {
    CachedPrincipal cached = cache.get(digest);
    return cached != null && cached.expiresAt() > System.currentTimeMillis() ? cached : null;
  }

  private void remember(String digest, ApiKeyPrincipal principal, long now) {
    if (cacheMillis == 0) {
      return;
    }
    if (cache.size() >= MAX_CACHED_KEYS) {
      cache.values().removeIf(entry -> entry.expiresAt() <= now);
      Iterator<String> oldest = cache.keySet().iterator();
      while (cache.size() >= MAX_CACHED_KEYS && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
    cache.put(digest, new CachedPrincipal(principal, now + cacheMillis));
  }

  private static String userId(RoutingContext ctx, ApiKeyPrincipal principal) {
    String header = ctx.request().getHeader(USER_HEADER);
    return header != null && USER_ID.matcher(header).matches() ? header : principal.keyId();
  }

  /** Cache entries are keyed by a digest so that keys themselves are not kept in memory longer than a request. */
  private static String digest(String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private record CachedPrincipal(ApiKeyPrincipal principal, long expiresAt) {
  }
}
