// The risk questionnaire as a form (radio groups), submitted to POST /v1/profile/risk-assessment.
import { h } from "./cards.js";
import { apiLocale, t } from "./i18n.js";

let formCount = 0;

/**
 * A form for questionnaire `q` ({version, questions: [{id, text, options: [{id, text}]}]}).
 * `submit(answers)` returns the assessment; `onError(err)` shows an API error.
 */
export function questionnaireForm(q, submit, onError) {
  const n = ++formCount;
  const status = h("p", { class: "q-error", role: "alert", hidden: true });
  const result = h("div", { class: "q-result", role: "status", hidden: true, tabindex: "-1" });
  const button = h("button", { type: "submit", class: "primary" }, t("submitAnswers"));
  const fieldsets = q.questions.map((question, qi) => h("fieldset", { "data-question": question.id },
    h("legend", {}, `${qi + 1}. ${question.text}`),
    question.options.map((o) => {
      const id = `q${n}-${question.id}-${o.id}`;
      return h("label", { class: "option", for: id },
        h("input", { type: "radio", id, name: `q${n}-${question.id}`, value: o.id }),
        o.text);
    })));
  const form = h("form", { class: "questionnaire card", "data-kind": "risk_questionnaire", novalidate: true,
    "aria-label": t("questionnaireTitle") },
  h("h3", { class: "card-title" }, t("questionnaireTitle")),
  h("p", { class: "note" }, t("questionnaireIntro")), fieldsets, status, button, result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = {};
    for (const question of q.questions) {
      const checked = form.querySelector(`input[name="q${n}-${question.id}"]:checked`);
      if (checked) answers[question.id] = checked.value;
    }
    const missing = q.questions.filter((x) => !(x.id in answers));
    if (missing.length) {
      status.hidden = false;
      status.textContent = t("answerAll", { n: missing.length });
      form.querySelector(`fieldset[data-question="${missing[0].id}"] input`).focus();
      return;
    }
    status.hidden = true;
    button.disabled = true;
    try {
      const r = await submit(answers, apiLocale());
      result.replaceChildren(
        h("h4", {}, t("resultTitle", { level: r.level, label: r.label })),
        h("p", {}, t("resultProducts", { levels: (r.suitable_product_levels || []).join(", ") })),
        h("p", {}, t("resultValid", { date: new Date(Number(r.valid_until_unix_ms)).toLocaleDateString(apiLocale()) })),
        r.capped_by ? h("p", {}, t("resultCapped", { why: r.capped_by })) : "",
      );
      result.hidden = false;
      result.focus();
    } catch (err) {
      onError(err);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
