package dev.turnpoint.console.web;

/** The part of the console a page belongs to, so the navigation can mark it. */
public enum Section {
  RUNS, WORKFLOWS, NONE
}
