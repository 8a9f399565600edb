package dev.turnpoint.console.web;

/**
 * The model of {@code tag/pagination.jte}: where a list is and the links to its neighbours (null at either end).
 *
 * @param target the element htmx swaps the next page into
 */
public record Pagination(int page, int size, long total, String previousHref, String nextHref, String target) {

  public static Pagination of(int page, int size, long total, java.util.function.IntFunction<String> href,
                              String target) {
    long pages = pages(size, total);
    return new Pagination(page, size, total, page > 1 ? href.apply(page - 1) : null,
        page < pages ? href.apply(page + 1) : null, target);
  }

  public long pages() {
    return pages(size, total);
  }

  public boolean needed() {
    return previousHref != null || nextHref != null;
  }

  public long firstItem() {
    return total == 0 ? 0 : (long) (page - 1) * size + 1;
  }

  public long lastItem() {
    return Math.min(total, (long) page * size);
  }

  private static long pages(int size, long total) {
    return Math.max(1, (total + size - 1) / size);
  }
}
