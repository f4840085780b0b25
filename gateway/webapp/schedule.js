// The yearly view of a loan card. The card carries the tool's totals and its first and last rows; the months in
// between follow the method the card states (`conventions`). They are rebuilt here only to draw the balance and
// the yearly table, and only shown when they reproduce the tool's own rows and totals; otherwise the app shows
// the tool's rows alone.

const close = (a, b) => Math.abs(a - b) <= Math.max(0.01, Math.abs(b) * 1e-9);

function months(d) {
  const n = d.months;
  const i = d.monthly_rate;
  const out = [];
  let balance = d.principal;
  const gain = Math.expm1(n * Math.log1p(i));
  const annuity = gain === 0 ? d.principal / n : (d.principal * i * (gain + 1)) / gain;
  for (let k = 1; k <= n; k++) {
    const interest = balance * i;
    let part = d.method === "equal_principal" ? d.principal / n : annuity - interest;
    if (k === n) part = balance;
    balance -= part;
    out.push({ period: k, payment: part + interest, interest, principal: part, balance: k === n ? 0 : balance });
  }
  return out;
}

function matches(rows, d) {
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  for (const r of d.rows || []) {
    const m = byPeriod.get(r.period);
    if (!m || !close(m.payment, r.payment) || !close(m.interest, r.interest) || !close(m.balance, r.balance)) {
      return false;
    }
  }
  const total = rows.reduce((s, r) => s + r.payment, 0);
  return close(total, d.total_payment) && close(rows[0].payment, d.first_payment)
    && close(rows[rows.length - 1].payment, d.last_payment);
}

/** [{year, paid, interest, principal, balance}] or null when the card cannot be reproduced exactly. */
export function loanYears(d) {
  if (!(d.months > 0 && d.months <= 1200 && d.principal > 0 && d.monthly_rate >= 0)) return null;
  if (d.method !== "equal_payment" && d.method !== "equal_principal") return null;
  const rows = months(d);
  if (!matches(rows, d)) return null;
  const years = [];
  for (let start = 0; start < rows.length; start += 12) {
    const chunk = rows.slice(start, start + 12);
    years.push({
      year: Math.ceil(chunk[chunk.length - 1].period / 12),
      paid: chunk.reduce((s, r) => s + r.payment, 0),
      interest: chunk.reduce((s, r) => s + r.interest, 0),
      principal: chunk.reduce((s, r) => s + r.principal, 0),
      balance: chunk[chunk.length - 1].balance,
    });
  }
  return years;
}
