package dev.turnpoint.service;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AddressesTest {

  @Test
  void addressesAreUniqueLowerCaseAndDotted() throws IllegalAccessException {
    List<String> values = new ArrayList<>();
    for (Field field : Addresses.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        values.add((String) field.get(null));
      }
    }
    assertThat(values).hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
    assertThat(values).allMatch(v -> v.matches("turnpoint(\\.[a-z][a-z0-9-]*)+"), "lower-case dotted");
  }

  @Test
  void failureCodesAreStable() {
    assertThat(FailureCode.INVALID.code()).isEqualTo(1);
    assertThat(FailureCode.NOT_FOUND.code()).isEqualTo(2);
    assertThat(FailureCode.CONFLICT.code()).isEqualTo(3);
    assertThat(FailureCode.OUT_OF_RANGE.code()).isEqualTo(4);
    assertThat(FailureCode.UNAVAILABLE.code()).isEqualTo(5);
    assertThat(FailureCode.UNAUTHENTICATED.code()).isEqualTo(6);
    assertThat(FailureCode.FORBIDDEN.code()).isEqualTo(7);
    assertThat(FailureCode.INTERNAL.code()).isEqualTo(8);
    for (FailureCode code : FailureCode.values()) {
      assertThat(FailureCode.fromCode(code.code())).isEqualTo(code);
    }
  }
}
