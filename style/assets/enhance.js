// Progressive enhancement for Reroute's forms. Every form works without this file (a
// plain POST, then a redirect or a page with errors). With it, a form is sent with fetch
// and the page that comes back replaces the current one: no full reload, no flash, and
// the islands in the new page are brought to life. If anything goes wrong, the form is
// sent the ordinary way.
(() => {
  let sendNormally = false;

  async function swapIn(response) {
    const html = await response.text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
    if (response.url !== window.location.href) {
      window.history.pushState({ reroute: true }, '', response.url);
    }
    if (window.__hydrateIsland) {
      for (const island of document.querySelectorAll('leptos-island')) {
        window.__hydrateIsland(island, island.dataset.component);
      }
    }
    const summary = document.querySelector('.error-summary');
    const heading = document.querySelector('main h1');
    window.scrollTo(0, 0);
    if (summary) {
      summary.focus();
    } else if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }

  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (sendNormally || event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if (form.method.toLowerCase() !== 'post' || new URL(form.action).origin !== window.location.origin) return;
    event.preventDefault();
    const submitter = event.submitter;
    const body = new URLSearchParams(new FormData(form, submitter));
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
      const type = response.headers.get('content-type') || '';
      if (!type.startsWith('text/html')) throw new Error(`unexpected ${type}`);
      await swapIn(response);
    } catch (_) {
      for (const button of form.querySelectorAll('button')) button.disabled = false;
      sendNormally = true;
      form.requestSubmit(submitter);
    }
  });

  // Pages swapped in by this script are real addresses: going back loads them afresh.
  window.addEventListener('popstate', () => window.location.reload());
})();
