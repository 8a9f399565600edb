package dev.turnpoint.model.expression;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplatesTest {

  private static final JsonObject RUNTIME = new JsonObject()
      .put("full_name", "Ada Lovelace")
      .put("visit_reason", "a checkup")
      .put("count", 3)
      .put("whole", 2.0)
      .put("ratio", 2.5)
      .put("huge", 1e20)
      .put("precise", new BigDecimal("10.50"))
      .put("flag", false)
      .put("yes", true)
      .put("nothing", (Object) null)
      .put("profile", new JsonObject().put("plan", "gold").put("visits", 2))
      .put("tags", new JsonArray().add("vip").add(7))
      .put("patient", new JsonObject().put("id", "p-42"))
      .put("thread_0", new JsonObject().put("intent", "billing"))
      .put("greeting", "  hi  ");

  private static final JsonObject DYNAMIC = new JsonObject()
      .put("clinic_name", "Riverside Clinic")
      .put("global", new JsonObject().put("support_phone", "+15550100"));

  private static final VariableLookup VARIABLES = new JsonVariables(RUNTIME, DYNAMIC);

  private static String render(String text) {
    return Templates.render(text, VARIABLES);
  }

  @Test
  void replacesDynamicAndRuntimePlaceholders() {
    assertThat(render("Hello! Welcome to {{clinic_name}}.")).isEqualTo("Hello! Welcome to Riverside Clinic.");
    assertThat(render("Thanks [[full_name]], we will call you about: [[visit_reason]]."))
        .isEqualTo("Thanks Ada Lovelace, we will call you about: a checkup.");
    assertThat(render("[[full_name]][[count]]{{clinic_name}}")).isEqualTo("Ada Lovelace3Riverside Clinic");
  }

  @Test
  void missingVariablesBecomeEmpty() {
    assertThat(render("Dear [[first_name]]{{title}}, hello")).isEqualTo("Dear , hello");
    assertThat(render("[[nothing]]|[[profile.missing]]|[[tags.5]]")).isEqualTo("||");
    assertThat(Templates.render("Dear [[x]]", JsonVariables.empty())).isEqualTo("Dear ");
  }

  @Test
  void valuesRenderAsUsersExpect() {
    assertThat(render("[[count]] [[whole]] [[ratio]] [[huge]] [[precise]]"))
        .isEqualTo("3 2 2.5 100000000000000000000 10.5");
    assertThat(render("[[yes]]/[[flag]]")).isEqualTo("true/false");
    assertThat(render("[[profile]]")).isEqualTo("{\"plan\":\"gold\",\"visits\":2}");
    assertThat(render("[[tags]]")).isEqualTo("[\"vip\",7]");
  }

  @Test
  void pathsFiltersAndWhitespace() {
    assertThat(render("[[ profile.plan | upcase ]]")).isEqualTo("GOLD");
    assertThat(render("{{ global.support_phone }}")).isEqualTo("+15550100");
    assertThat(render("[[tags[0]]]-[[tags.1]]")).isEqualTo("vip-7");
    assertThat(render("[[greeting | strip | capitalize]]!")).isEqualTo("Hi!");
    assertThat(render("[[tags | size]] tags, first [[tags | first]], last [[tags | last]]"))
        .isEqualTo("2 tags, first vip, last 7");
    assertThat(render("Hi [[first_name | default: 'there']]")).isEqualTo("Hi there");
    assertThat(render("{{ mood | default: '}} and ]]' }}")).isEqualTo("}} and ]]");
    assertThat(render("[[full_name | downcase]]")).isEqualTo("ada lovelace");
  }

  @Test
  void crossThreadReferencesAreJustPaths() {
    assertThat(render("Intent: [[thread_0.intent]]")).isEqualTo("Intent: billing");
  }

  @Test
  void urlsHeadersAndBodies() {
    assertThat(render("https://api.example.com/patients/[[patient.id]]?clinic={{clinic_name}}"))
        .isEqualTo("https://api.example.com/patients/p-42?clinic=Riverside Clinic");
    assertThat(render("{\"name\": \"[[full_name]]\", \"tags\": [[tags]], \"nested\": {\"a\": [1, [2]]}}"))
        .isEqualTo("{\"name\": \"Ada Lovelace\", \"tags\": [\"vip\",7], \"nested\": {\"a\": [1, [2]]}}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[[", "{{", "a [[ b", "x {{ y", "[[]]", "{{ }}", "[[1, 2], [3]]", "{{ not valid }}",
      "[[full_name | upcas]]", "[[full_name | default]]", "{{clinic_name]]", "[[full_name}}", "{{'quoted'}}",
      "[[a | default: 'unterminated]]", "]] and }}", "[[[[", "{{{{", "[[ a.", "[[a[1", "[[0]]",
      "{\"m\": [[1], [2]]}", "[[-1]]"})
  void textThatIsNoPlaceholderStaysAsWritten(String text) {
    assertThat(render(text)).isEqualTo(text);
  }

  @Test
  void aPlaceholderInsideStrayBracketsStillRenders() {
    assertThat(render("{{{clinic_name}}}")).isEqualTo("{Riverside Clinic}");
    assertThat(render("[[[count]]]")).isEqualTo("[3]");
    assertThat(render("[[ [[count]]")).isEqualTo("[[ 3");
  }

  @Test
  void textWithoutPlaceholdersIsReturnedAsIs() {
    String text = "Nothing to see [here] {or here}";
    assertThat(render(text)).isSameAs(text);
    assertThat(render("")).isEmpty();
    assertThat(Templates.render(null, VARIABLES)).isNull();
  }

  @Test
  void placeholdersListsEachReferenceOnceInOrder() {
    List<VariableReference> found = Templates.placeholders(
        "Hi [[full_name]] from {{clinic_name}}; [[ full_name ]] again, [[tags[0] | upcase]], "
            + "[[ broken, {{x | default: 'a'}}");
    assertThat(found).extracting(VariableReference::placeholder)
        .containsExactly("[[full_name]]", "{{clinic_name}}", "[[tags.0 | upcase]]", "{{x | default: 'a'}}");
    assertThat(found.get(0).scope()).isEqualTo(VariableReference.Scope.RUNTIME);
    assertThat(found.get(0).path()).isEqualTo("full_name");
    assertThat(found.get(1).scope()).isEqualTo(VariableReference.Scope.DYNAMIC);
    assertThat(found.get(2).filters()).containsExactly(ValueFilter.of(ValueFilter.Kind.UPCASE));
    assertThat(found.get(3).filters()).containsExactly(new ValueFilter(ValueFilter.Kind.DEFAULT, "a"));
  }

  @Test
  void renderingStopsAtTheFirstPlaceholderThatWouldPassTheBudget() {
    String value = "v".repeat(10_000);
    int[] lookups = {0};
    VariableLookup counting = new VariableLookup() {
      @Override
      public Object runtime(String path) {
        return null;
      }

      @Override
      public Object dynamic(String path) {
        lookups[0]++;
        return value;
      }
    };
    String template = "{{x}}".repeat(2_000);
    assertThatThrownBy(() -> Templates.render(template, counting, new RenderBudget(25_000)))
        .isInstanceOf(RenderLimitException.class)
        .hasMessageContaining("more than 25000 characters")
        .satisfies(e -> assertThat(((RenderLimitException) e).limit()).isEqualTo(25_000));
    assertThat(lookups[0]).isEqualTo(3);
  }

  @Test
  void aBudgetSpansSeveralTextsAndCountsTheirPlainText() {
    RenderBudget budget = new RenderBudget(30);
    assertThat(Templates.render("[[full_name]]", VARIABLES, budget)).isEqualTo("Ada Lovelace");
    assertThat(Templates.render("plain text, 14", VARIABLES, budget)).hasSize(14);
    assertThatThrownBy(() -> Templates.render("{{clinic_name}}", VARIABLES, budget))
        .isInstanceOf(RenderLimitException.class);
    assertThat(Templates.render("1234", VARIABLES, budget)).isEqualTo("1234");
    assertThatThrownBy(() -> Templates.render("x", VARIABLES, budget)).isInstanceOf(RenderLimitException.class);
    assertThatThrownBy(() -> new RenderBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultBoundHoldsAMebibyte() {
    VariableLookup big = new JsonVariables(new JsonObject().put("k", "k".repeat(1024)), new JsonObject());
    assertThat(Templates.render("[[k]]".repeat(1024), big)).hasSize(1 << 20);
    assertThatThrownBy(() -> Templates.render("[[k]]".repeat(1025), big)).isInstanceOf(RenderLimitException.class);
  }

  @Test
  void placeholdersOfNothing() {
    assertThat(Templates.placeholders(null)).isEmpty();
    assertThat(Templates.placeholders("plain text [[")).isEmpty();
  }
}
