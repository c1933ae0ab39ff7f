// The WannaCry report pages: every chart renders with a sourced, generated summary; the metric switch,
// the country selection, the time brush and the sector filter change what is shown; the URL reproduces them.
import assert from "node:assert/strict";
import {after, before, describe, test} from "node:test";
import {openPage, openSite, type Site} from "./site.ts";
import {BROKEN_TEXT, REPORT_FIGURES, figureIds, query, summaryOf, waitForEngine, waitForFigures, waitForSummaryChange} from "./report-helpers.ts";

let site: Site;
before(async () => (site = await openSite()));
after(async () => site?.close());

describe("every report page renders every chart", () => {
  for (const [path, expected] of Object.entries(REPORT_FIGURES)) {
    test(`${path}: ${expected.length} charts, each with a summary and a source, no errors, no third-party requests`, async () => {
      const {context, page, log} = await openPage(site, path);
      try {
        await waitForFigures(page, expected);
        await page.waitForLoadState("networkidle");
        assert.deepEqual(await figureIds(page), expected, `${path}: the figures on the page`);
        for (const id of expected) {
          const figure = page.locator(`#figure-${id}`);
          const summary = await summaryOf(page, id);
          assert.ok(summary.length > 30, `${id}: summary too short: ${summary}`);
          assert.doesNotMatch(summary, BROKEN_TEXT, `${id}: summary has a missing value`);
          assert.match(await figure.locator(".atlas-figure-source").innerText(), /^Source: \S/, `${id}: source line`);
          assert.ok((await figure.locator(`svg[role="img"]`).first().getAttribute("aria-label"))?.includes(summary), `${id}: the summary is the chart's accessible name`);
          if ((await figure.getAttribute("data-modelled")) === "true") {
            const onChart = await figure.locator("svg text").allTextContents();
            assert.ok(onChart.some((t) => /modelled/i.test(t)), `${id}: a modelled chart says "modelled" on the chart itself`);
          }
        }
        const main = await page.locator("#observablehq-main").innerText();
        assert.doesNotMatch(main, BROKEN_TEXT, `${path}: the page shows a missing value`);
        assert.deepEqual(await page.locator(".observablehq--error").allInnerTexts(), [], `${path}: cell errors`);
        // Every citation marker points at a row on the atlas's sources page (test/e2e/audit.test.ts checks the rows exist).
        const targets = await page.locator("a.atlas-footnote-marker").evaluateAll((links, sources) =>
          links.map((a) => (a as HTMLAnchorElement).href).filter((href) => !href.startsWith(sources) || !/^#[A-Za-z0-9_-]+$/.test(href.slice(sources.length))), `${site.server.origin}/sources`);
        assert.deepEqual(targets, [], `${path}: citation markers that do not link to a row of the sources page`);
        assert.deepEqual(log.consoleErrors, [], `${path}: console errors`);
        assert.deepEqual(log.failedRequests, [], `${path}: failed requests`);
        assert.deepEqual(log.thirdPartyRequests, [], `${path}: third-party requests`);
      } finally {
        await context.close();
      }
    });
  }
});

test("overview: every headline figure is a query over the data or a cited row, and machines are shown as a range", async () => {
  const {context, page} = await openPage(site, "/");
  try {
    await waitForFigures(page, REPORT_FIGURES["/"]!);
    const cards = page.locator(".atlas-headline");
    assert.ok((await cards.count()) >= 4, "headline figures");
    for (const card of await cards.all()) {
      const text = await card.innerText();
      const sourced = (await card.locator(".atlas-headline-value a.atlas-query-link, .atlas-headline-value a.atlas-data-link").count()) + (await card.locator("a.atlas-footnote-marker").count());
      assert.ok(sourced > 0, `headline without a query or a source: ${text}`);
    }
    const machines = await page.locator(".atlas-machines").innerText();
    assert.match(machines, /few hundred thousand/, "the machines range next to the unique-IP headline");
    assert.match(machines, /No public tracker shows machines/);
    assert.ok((await page.locator("#in-brief-list > li").count()) >= 4, "the short summary");
    // No sinkhole before registration: the hourly chart's series starts at the kill-switch window.
    assert.match(await summaryOf(page, "overview-timeline"), /^Hits peaked at/);
  } finally {
    await context.close();
  }
});

test("countries: the metric switch and the scale change the map, the table and the URL", async () => {
  const {context, page, log} = await openPage(site, "/countries");
  try {
    await waitForFigures(page, ["countries-map"]);
    await waitForEngine(page);
    await page.waitForSelector(".atlas-ranked tbody tr");
    const before = await summaryOf(page, "countries-map");
    const firstRowBefore = await page.locator(".atlas-ranked tbody tr").first().innerText();
    // Modelled unique IPs (and rates from them) are the model's assumption: the summary draws no ranking from them.
    const modelledIps = (await page.locator("#figure-countries-map").getAttribute("data-modelled")) === "true";
    assert.match(before, modelledIps ? /^The map shows the model's unique IPs for \d+ countries: modelled values/ : /has the most unique IPs/);

    await page.getByRole("radio", {name: "Unique IPs per million internet users"}).check();
    const after = await waitForSummaryChange(page, "countries-map", before);
    assert.match(after, modelledIps ? /^The map shows the model's unique IPs per million internet users .*not measurements/ : /has the most unique IPs per million internet users/);
    assert.equal(query(page).get("metric"), "per_million_users");
    assert.match(await page.locator("#figure-countries-map-title").innerText(), /per million internet users/);
    // The ranked table follows the metric (its first row and the column heading change).
    await page.waitForFunction((text) => (document.querySelector(".atlas-ranked tbody tr") as HTMLElement | null)?.innerText !== text, firstRowBefore);
    assert.match(await page.locator(".atlas-ranked thead").innerText(), /Unique IPs per million internet users/);

    await page.getByRole("radio", {name: "Linear"}).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("scale") === "linear");
    assert.match(await page.locator("#figure-countries-map .atlas-figure-subtitle").innerText(), /linear colour scale/);
    assert.deepEqual(log.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test("countries: selecting a country on the map or in the table opens its detail and keeps it in the URL", async () => {
  const {context, page, log} = await openPage(site, "/countries");
  try {
    await waitForFigures(page, ["countries-map"]);
    assert.match(await page.locator("#country-summary").innerText(), /Select a country/);

    // The path that selects France is France's shape (its hover title), not another layer's path at the same index.
    assert.match((await page.locator('#figure-countries-map path[data-iso2="FR"]').last().locator("title").textContent()) ?? "", /^France: /);
    await page.locator('#figure-countries-map path[data-iso2="FR"]').last().dispatchEvent("click");
    await waitForFigures(page, ["country-hourly", "country-sectors"]);
    assert.equal(query(page).get("country"), "FR");
    // Unique IPs by country are modelled assumptions in a simulation: no rank is drawn from them.
    const assumed = (await page.locator("#figure-countries-map").getAttribute("data-modelled")) === "true";
    assert.match(await page.locator("#country-summary").innerText(), assumed ? /^France \(modelled values, not ranked\): / : /^France ranks \d+ of \d+/);
    assert.match(await summaryOf(page, "country-hourly"), /^Hits from France peaked at [\d,]+ in the hour from \d+ May \d\d:00 UTC/);
    assert.match(await summaryOf(page, "country-sectors"), /France's unique IPs/);

    await page.locator(".atlas-ranked button", {hasText: "India"}).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("country") === "IN");
    await page.waitForFunction(() => /^Hits from India /.test(document.querySelector("#figure-country-hourly-summary")?.textContent ?? ""));
    assert.match(await page.locator("#country-summary").innerText(), assumed ? /^India \(modelled values, not ranked\)/ : /^India ranks/);
    // India has published figures in the fact sheet; they are listed with their sources.
    await page.waitForFunction(() => [...document.querySelectorAll("#country-detail h3")].some((h) => h.textContent === "Published figures for India") && document.querySelectorAll("#country-published li").length > 0, undefined, {timeout: 15_000});
    assert.ok((await page.locator("#country-published li").count()) >= 1, "India's published figures");
    assert.deepEqual(log.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test("countries: a URL with selections reproduces them", async () => {
  const {context, page} = await openPage(site, "/countries?country=JP&metric=hits&scale=linear");
  try {
    await waitForFigures(page, REPORT_FIGURES["/countries?country=GB"]!);
    assert.ok(await page.getByRole("radio", {name: "Sinkhole hits"}).isChecked(), "metric radio");
    assert.ok(await page.getByRole("radio", {name: "Linear"}).isChecked(), "scale radio");
    assert.match(await page.locator("#figure-countries-map-title").innerText(), /^Sinkhole hits by country/);
    assert.match(await summaryOf(page, "countries-map"), /has the most hits/);
    assert.match(await page.locator("#country-summary").innerText(), /^Japan ranks \d+ of \d+ by sinkhole hits/);
    assert.equal(await page.locator(".atlas-ranked tr.atlas-selected").count() <= 1, true);
  } finally {
    await context.close();
  }
});

test("timeline: the brush (mouse drag) and the keyboard controls choose a window that the other charts follow", async () => {
  const {context, page, log} = await openPage(site, "/timeline");
  try {
    await waitForFigures(page, REPORT_FIGURES["/timeline"]!);
    const countriesBefore = await summaryOf(page, "timeline-window-countries");
    const cumulativeBefore = await summaryOf(page, "timeline-cumulative");
    assert.match(countriesBefore, /whole period/);

    // Drag across the middle of the hourly chart.
    const box = (await page.locator("#figure-timeline-hourly .atlas-brush .overlay").boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, {steps: 5});
    await page.mouse.up();
    const countriesAfter = await waitForSummaryChange(page, "timeline-window-countries", countriesBefore);
    assert.match(countriesAfter, /^In \d+ May \d\d:00 – \d+ May \d\d:00 UTC, .+ had the most hits/);
    assert.match(query(page).get("from") ?? "", /^2017-05-\d\dT\d\d:00Z$/);
    assert.match(query(page).get("to") ?? "", /^2017-05-\d\dT\d\d:00Z$/);
    assert.match(await waitForSummaryChange(page, "timeline-cumulative", cumulativeBefore), /fall in the chosen window/);

    // The keyboard-accessible equivalent: the "From" list.
    const brushed = await summaryOf(page, "timeline-window-sectors");
    await page.locator("#window-controls select").first().selectOption({index: 8});
    const keyed = await waitForSummaryChange(page, "timeline-window-sectors", brushed);
    assert.match(keyed, /^In 12 May 08:00 – /);
    assert.equal(query(page).get("from"), "2017-05-12T08:00Z");

    await page.getByRole("button", {name: "Whole period"}).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("from"));
    assert.match(await waitForSummaryChange(page, "timeline-window-sectors", keyed), /whole period/);
    assert.deepEqual(log.consoleErrors, []);
  } finally {
    await context.close();
  }
});

test("timeline: a URL with a time window reproduces it", async () => {
  const {context, page} = await openPage(site, "/timeline?from=2017-05-13T00:00Z&to=2017-05-14T00:00Z");
  try {
    await waitForFigures(page, REPORT_FIGURES["/timeline"]!);
    await page.waitForFunction(() => /^In 13 May 00:00 – 14 May 00:00 UTC/.test(document.querySelector("#figure-timeline-window-countries-summary")?.textContent ?? ""), undefined, {timeout: 60_000});
    assert.match(await page.locator("#figure-timeline-cumulative .atlas-figure-subtitle").innerText(), /Highlighted: 13 May 00:00 – 14 May 00:00 UTC/);
    assert.equal(await page.locator("#window-controls select").first().inputValue(), String(24));
  } finally {
    await context.close();
  }
});

test("sectors: the sector filter changes the heatmap, the country ranking and the organisations table, and the URL reproduces it", async () => {
  const {context, page, log} = await openPage(site, "/sectors");
  try {
    await waitForFigures(page, REPORT_FIGURES["/sectors"]!);
    const countBefore = await page.locator("#organisations tbody tr").count();
    const rankingBefore = await summaryOf(page, "sectors-countries");
    assert.ok(countBefore >= 20, "all named organisations by default");

    await page.getByRole("checkbox", {name: "Health"}).check();
    await page.waitForFunction((n) => document.querySelectorAll("#organisations tbody tr").length !== n, countBefore);
    assert.equal(query(page).get("sectors"), "health");
    const sectorsShown = await page.locator("#organisations tbody tr td:nth-child(3)").allInnerTexts();
    assert.ok(sectorsShown.length >= 3 && sectorsShown.every((s) => /health/i.test(s)), `only health organisations: ${sectorsShown.join(", ")}`);
    assert.match(await page.locator("#organisations-count").innerText(), new RegExp(`^${sectorsShown.length} of ${countBefore} organisations in Health`));
    // A modelled sector mix is the model's assumption: the summaries say so instead of naming a finding.
    const modelledMix = (await page.locator("#figure-sectors-heatmap").getAttribute("data-modelled")) === "true";
    assert.match(await waitForSummaryChange(page, "sectors-countries", rankingBefore), modelledMix ? /^In Health, the bars rank countries by the model's hits/ : /^In Health, .+ has the most hits/);
    assert.match(await summaryOf(page, "sectors-heatmap"), modelledMix ? /^Among Health, the cells show the model's assumed sector shares/ : /^Among Health, the largest share is Health in /);
    assert.deepEqual(log.consoleErrors, []);
  } finally {
    await context.close();
  }
  const reopened = await openPage(site, "/sectors?sectors=finance,transport");
  try {
    await waitForFigures(reopened.page, REPORT_FIGURES["/sectors"]!);
    assert.ok(await reopened.page.getByRole("checkbox", {name: "Finance"}).isChecked());
    assert.ok(await reopened.page.getByRole("checkbox", {name: "Transport & logistics"}).isChecked());
    await reopened.page.waitForFunction(() => /^In Finance, Transport & logistics,/.test(document.querySelector("#figure-sectors-countries-summary")?.textContent ?? ""), undefined, {timeout: 60_000});
    const shown = await reopened.page.locator("#organisations tbody tr td:nth-child(3)").allInnerTexts();
    assert.ok(shown.length >= 1 && shown.every((s) => /finance|transport/i.test(s)), shown.join(", "));
  } finally {
    await reopened.context.close();
  }
});

test("NHS: every figure on the page is cited to a source with a date", async () => {
  const {context, page} = await openPage(site, "/nhs");
  try {
    await waitForFigures(page, REPORT_FIGURES["/nhs"]!);
    const markers = await page.locator("a.atlas-footnote-marker").count();
    assert.ok(markers >= 15, `citation markers: ${markers}`);
    const titles = await page.locator(".atlas-headline a.atlas-footnote-marker").evaluateAll((links) => links.map((a) => a.getAttribute("title") ?? ""));
    for (const title of titles) assert.match(title, /^Source: .+\(\d{4}-\d{2}(-\d{2})?; verified-(primary|secondary)\)/, title.slice(0, 80));
    assert.match(await summaryOf(page, "nhs-trusts"), /^34 trusts were infected/);
  } finally {
    await context.close();
  }
});
