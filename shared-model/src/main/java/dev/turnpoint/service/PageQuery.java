package dev.turnpoint.service;

/** Paging and search of a list: {@code page} from 1, {@code size} at least 1, {@code search} may be null. */
public record PageQuery(int page, int size, String search) {
  public int skip() {
    return (page - 1) * size;
  }
}
