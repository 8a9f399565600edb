package dev.turnpoint.service;

import java.util.List;

/** One page of a list and the total number of matching items. */
public record Page<T>(List<T> items, long total) {
}
