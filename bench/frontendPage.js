// Runs inside the benchmark page (not in Node): times the runtime's widgets with performance.now()
// and requestAnimationFrame, and decodes Arrow and JSON. Exposes `window.bench`; the page also
// holds the runtime (`slicewise`) and apache-arrow's own browser build (`Arrow`, same version).
/* global slicewise, Arrow */
"use strict";

(() => {
  const data = {};
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  /** After the next frame's rendering: rAF runs before paint, a task queued from it runs after. */
  const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

  function host(width) {
    const element = document.createElement("div");
    element.style.width = `${width}px`;
    document.body.append(element);
    return element;
  }

  /** Waits until `selector` matches inside `element` (at once if it already does). */
  function whenPresent(element, selector) {
    if (element.querySelector(selector)) return Promise.resolve(performance.now());
    return new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!element.querySelector(selector)) return;
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(element, { childList: true, subtree: true });
    });
  }

  /**
   * One mount: from the call to the first `selector` in the DOM plus one forced layout read
   * (the first match's box), then on to the end of the next painted frame.
   */
  async function timeMount(mount, selector, width) {
    const element = host(width);
    performance.mark("bench-mount-start");
    const start = performance.now();
    const panel = mount(element);
    const present = await whenPresent(element, selector);
    const first = element.querySelector(selector);
    const box = first.getBoundingClientRect();
    const laidOut = performance.now();
    performance.mark("bench-mount-end");
    await afterPaint();
    const painted = performance.now();
    const figures = {
      call_ms: present - start,
      first_render_ms: laidOut - start,
      to_painted_frame_ms: painted - start,
      matched: element.querySelectorAll(selector).length,
      first_box_height: box.height,
    };
    panel.destroy();
    element.remove();
    return figures;
  }

  window.bench = {
    async load(name, url) {
      const response = await fetch(url);
      data[name] = url.endsWith(".json") ? await response.text() : new Uint8Array(await response.arrayBuffer());
      return typeof data[name] === "string" ? data[name].length : data[name].byteLength;
    },

    metricsTable(name) {
      return timeMount((element) => slicewise.metricsTable(element, { results: data[name] }), "tr[data-test-case]", 1200);
    },

    comparisonChart(name, kind) {
      return timeMount((element) => slicewise.comparisonChart(element, { results: data[name], options: { kind } }), "[data-test-case]", 900);
    },

    /**
     * Mounts the gallery, then scrolls its viewport by `step` px in each of `frames` animation frames,
     * recording every frame's rAF timestamp and how long the script work inside it took.
     */
    async galleryScroll(name, { frames, step, width }) {
      const element = host(width);
      const start = performance.now();
      const panel = slicewise.sampleGallery(element, { samples: data[name] });
      await whenPresent(element, "[data-sample-id]");
      element.querySelector("[data-sample-id]").getBoundingClientRect();
      const firstRender = performance.now() - start;
      await afterPaint();
      const viewport = element.querySelector(".sw-gallery-viewport");
      const gridRows = Number(viewport.getAttribute("aria-rowcount"));
      const columns = Number(viewport.getAttribute("aria-colcount"));
      const stamps = [];
      const scrollTops = [];
      // Cards in view still empty (sw-gallery-pending: a scroll fills a few cards a frame), from positions, not layout reads.
      const rowHeight = Number(getComputedStyle(element.querySelector(".sw-sample-gallery")).getPropertyValue("--sw-gallery-row-height").replace("px", ""));
      const viewHeight = viewport.clientHeight;
      const emptyInView = [];
      const countEmpty = () => {
        let empty = 0;
        for (const card of viewport.querySelectorAll(".sw-gallery-pending")) {
          const top = Math.floor(Number(card.dataset.position) / columns) * rowHeight;
          if (top < viewport.scrollTop + viewHeight && top + rowHeight > viewport.scrollTop) empty++;
        }
        return empty;
      };
      await nextFrame();
      performance.mark("gallery-scroll-start");
      await new Promise((resolve) => {
        let frame = 0;
        const tick = (timestamp) => {
          stamps.push(timestamp);
          scrollTops.push(viewport.scrollTop);
          emptyInView.push(countEmpty());
          if (frame++ === frames) return resolve();
          viewport.scrollTop += step;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      performance.mark("gallery-scroll-end");
      await afterPaint();
      const images = [...viewport.querySelectorAll("img")];
      const figures = {
        first_render_ms: firstRender,
        grid_rows: gridRows,
        columns,
        frame_intervals_ms: stamps.slice(1).map((stamp, index) => stamp - stamps[index]),
        scrolled_px: scrollTops[scrollTops.length - 1] - scrollTops[0],
        row_height_px: Number(getComputedStyle(element.querySelector(".sw-sample-gallery")).getPropertyValue("--sw-gallery-row-height").replace("px", "")),
        images_in_view: images.length,
        empty_cards_in_view: emptyInView,
        images_decoded_in_view: images.filter((image) => image.complete && image.naturalWidth > 0).length,
      };
      panel.destroy();
      element.remove();
      return figures;
    },

    /** Frame intervals of a page doing nothing but requestAnimationFrame: what this machine delivers at best. */
    async idleFrames(frames) {
      const stamps = [];
      await new Promise((resolve) => {
        const tick = (timestamp) => {
          stamps.push(timestamp);
          if (stamps.length > frames) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return stamps.slice(1).map((stamp, index) => stamp - stamps[index]);
    },

    /**
     * What the gallery does per card it fills with a thumbnail (sampleGalleryMedia's ObjectUrlCache): a Blob over
     * the PNG bytes and a blob: URL for it; then what revoking costs.
     */
    thumbnailUrls(name, count) {
      const images = Arrow.tableFromIPC(data[name]).getChild("image");
      const bytes = Array.from({ length: count }, (_, row) => images.get(row));
      const start = performance.now();
      const urls = bytes.map((image) => URL.createObjectURL(new Blob([image], { type: "image/png" })));
      const created = performance.now();
      for (const url of urls) URL.revokeObjectURL(url);
      const revoked = performance.now();
      return { count, create_per_image_ms: (created - start) / count, revoke_per_image_ms: (revoked - created) / count };
    },

    /** Arrow: tableFromIPC alone (views over the bytes), then also reading every column out (toArray). */
    decodeArrow(name) {
      const bytes = data[name];
      const start = performance.now();
      const table = Arrow.tableFromIPC(bytes);
      const decoded = performance.now();
      let checksum = 0;
      for (const field of table.schema.fields) checksum += table.getChild(field.name).toArray().length;
      const read = performance.now();
      return { rows: table.numRows, table_from_ipc_ms: decoded - start, with_to_array_ms: read - start, checksum };
    },

    decodeJson(name) {
      const start = performance.now();
      const rows = JSON.parse(data[name]);
      return { rows: rows.length, json_parse_ms: performance.now() - start };
    },
  };
})();
