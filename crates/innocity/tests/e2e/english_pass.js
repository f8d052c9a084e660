// The English pass (run in the page with WebDriver's executeAsyncScript, the UI already in
// English): visits each route and reports every run of Chinese characters on the page that is
// not data. Data is what the API holds as names, titles and texts; server-made text (labels,
// reasons, messages) and the UI's own words must show in English.
//
// arguments[0]: the routes (hash paths) to visit; the last argument: the callback, which gets
// a list of "route: run (in “line”)" problems and the routes with too little text to judge.
const done = arguments[arguments.length - 1];
const routes = arguments[0];
(async () => {
  const CJK = /[\u3400-\u9fff]+/g;
  const runsOf = (s) => (typeof s === 'string' ? s.match(CJK) || [] : []);
  // Keys whose values the server makes (they must never be taken for data).
  const MADE = /(^|_)label$|^reasons$|^error$|^fields$|^message$|^body$/;
  const allowed = new Set();
  const walk = (v, key) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') Object.keys(v).forEach((k) => walk(v[k], k));
    else if (typeof v === 'string' && !MADE.test(key || '')) runsOf(v).forEach((r) => allowed.add(r));
  };
  const get = async (path) => {
    const r = await fetch('/api/v1' + path, { headers: { 'Accept-Language': 'en', Accept: 'application/json' } });
    if (!r.ok) return null;
    const body = await r.json();
    walk(body);
    return body;
  };
  // The data the visited pages show.
  for (const p of ['/auth/me', '/dashboard', '/programmes', '/batches', '/regions?per_page=1000',
    '/orgs?per_page=1000', '/indicators?per_page=1000', '/monitoring/items', '/monitoring/rules',
    '/evaluations/methods', '/evaluations/runs', '/audit?per_page=100']) await get(p);
  for (const [list, each] of [['/programmes', '/programmes/'], ['/participants?per_page=500', '/participants/'],
    ['/plans', '/plans/'], ['/supervision/tasks', '/supervision/tasks/'], ['/monitoring/forms', null],
    ['/monitoring/assignments?per_page=500', '/monitoring/assignments/']]) {
    const body = await get(list);
    const items = (body && (Array.isArray(body) ? body : body.items)) || [];
    for (const it of items) {
      if (each && it && it.id != null) await get(each + it.id);
      if (list.startsWith('/participants') && it && it.id != null) await get('/monitoring/scorecard/' + it.id);
    }
  }
  const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
  const problems = [];
  const thin = [];
  for (const route of routes) {
    location.hash = '#' + route;
    await sleep(300);
    // Wait for the page to settle: no loading mask, and the text unchanged for 600 ms.
    let last = '';
    for (let i = 0; i < 40; i++) {
      await sleep(300);
      const main = document.querySelector('.app-main');
      const text = main ? main.innerText : '';
      if (text === last && text.length > 0 && !document.querySelector('.app-main .el-loading-mask')) break;
      last = text;
    }
    if (last.trim().length < 20) thin.push(route);
    for (const line of last.split('\n')) {
      for (const r of runsOf(line)) {
        if (!allowed.has(r)) problems.push(`${route}: ${r} (in “${line.trim().slice(0, 80)}”)`);
      }
    }
  }
  done({ problems: [...new Set(problems)], thin });
})().catch((e) => done({ problems: ['script error: ' + e], thin: [] }));
