package dev.turnpoint.engine.sandbox;

/** The sandbox cannot run on this machine: a program it needs is missing. Its message says which. */
final class SandboxUnavailableException extends Exception {

  SandboxUnavailableException(String message) {
    super(message);
  }
}
