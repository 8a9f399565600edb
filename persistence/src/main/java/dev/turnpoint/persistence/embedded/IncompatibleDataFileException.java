package dev.turnpoint.persistence.embedded;

import java.nio.file.Path;

/**
 * The embedded store refuses a data file written in a layout it does not read: one from a development version
 * before the first release. The message names the file and what to do, and is meant to be shown as it is.
 */
public final class IncompatibleDataFileException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  IncompatibleDataFileException(String fileName) {
    super("the data file " + Path.of(fileName).toAbsolutePath().normalize() + " was written by a development version"
        + " of Turnpoint from before its first release, in a layout this version does not read; move the data"
        + " directory away (or delete it) to start with an empty store");
  }
}
