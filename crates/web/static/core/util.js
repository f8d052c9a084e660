/* innocity web UI — helpers: code labels from `/meta`, names, dates, CSV export, form errors
 * and rules, breadcrumbs. Plain script; everything hangs off window.IC. */
(function () {
  'use strict';
  const IC = window.IC;
  const t = IC.t;
  const store = IC.useStore();

  // Fallback labels for code lists, used until /meta answers (or if it lacks an entry).
  const fallbackCodes = {
    statuses: {
      building: ['建设中', 'Under construction'],
      pending_acceptance: ['待验收', 'Awaiting acceptance'],
      passed: ['通过', 'Passed'],
      rectifying: ['整改中', 'Rectifying'],
      cancelled: ['取消', 'Cancelled'],
    },
    roles: {
      admin: ['系统管理员', 'Administrator'],
      coordinator: ['协调员', 'Coordinator'],
      dept_reporter: ['部门填报员', 'Department reporter'],
      county_reporter: ['县区填报员', 'County reporter'],
      expert: ['评审专家', 'Expert'],
      reviewer: ['省/部审核员', 'Reviewer'],
      viewer: ['只读用户', 'Viewer'],
    },
    region_levels: {
      nation: ['全国', 'Nation'],
      province: ['省级', 'Province'],
      city: ['地市级', 'City'],
      county: ['县(市、区)', 'County / district'],
      zone: ['开发区', 'Development zone'],
    },
    directions: { positive: ['正向', 'Positive'], negative: ['逆向', 'Negative'] },
    aggregations: {
      sum: ['求和', 'Sum'],
      latest: ['取最新值', 'Latest'],
      average: ['平均', 'Average'],
      none: ['不汇总(由分子分母重算)', 'None (recompute)'],
    },
  };
  /** Label of a code from a /meta list ('statuses', 'roles', …), in the current language. */
  function codeLabel(list, code) {
    if (code === null || code === undefined || code === '') return '';
    const m = store.meta && store.meta[list];
    if (Array.isArray(m)) {
      const e = m.find((x) => x.code === code);
      if (e) return (store.lang === 'en' ? e.label_en : e.label_zh) || e.label_zh || code;
    }
    const f = fallbackCodes[list] && fallbackCodes[list][code];
    if (f) return store.lang === 'en' ? f[1] : f[0];
    return code;
  }

  /** The options of a /meta list as [{value,label}], falling back to the built-in codes. */
  function codeOptions(list) {
    const m = store.meta && store.meta[list];
    if (Array.isArray(m) && m.length) return m.map((e) => ({ value: e.code, label: codeLabel(list, e.code) }));
    return Object.keys(fallbackCodes[list] || {}).map((c) => ({ value: c, label: codeLabel(list, c) }));
  }

  /** Programme name in the current language. */
  function progName(p) {
    if (!p) return '';
    return (store.lang === 'en' && p.name_en) ? p.name_en : (p.name_zh || p.name_en || p.code || '');
  }

  function fmtTime(s) {
    if (!s) return '';
    const d = new Date(s);
    if (isNaN(d.getTime())) return String(s);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }

  /** Construction period "2022–2024"; an open end shows as "2018 年起" / "from 2018". */
  function period(p) {
    if (!p || (!p.start_year && !p.end_year)) return '';
    if (p.start_year && p.end_year) return p.start_year + '–' + p.end_year;
    if (p.start_year) return t('participant.period_from', { y: p.start_year });
    return t('participant.period_until', { y: p.end_year });
  }

  const statusTagType = {
    building: 'primary',
    pending_acceptance: 'warning',
    passed: 'success',
    rectifying: 'danger',
    cancelled: 'info',
  };
  const statusColor = {
    building: '#409eff',
    pending_acceptance: '#e6a23c',
    passed: '#67c23a',
    rectifying: '#f56c6c',
    cancelled: '#909399',
  };
  const statusOrder = ['building', 'pending_acceptance', 'passed', 'rectifying', 'cancelled'];

  function withQuery(path, q) {
    const parts = [];
    Object.keys(q || {}).forEach((k) => {
      const v = q[k];
      if (v !== undefined && v !== null && v !== '') parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    return parts.length ? path + '?' + parts.join('&') : path;
  }

  /** Downloads every page of a list (per_page 200) and saves it as a UTF-8 CSV (with BOM, for Excel). */
  async function exportCsv(path, params, columns, filename) {
    const rows = [];
    let page = 1;
    for (;;) {
      const r = await IC.api.get(path, Object.assign({}, params, { page, per_page: 200 }));
      rows.push(...(r.items || []));
      if (!r.items || r.items.length === 0 || rows.length >= (r.total || 0) || page >= 500) break;
      page += 1;
    }
    const esc = (v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    const lines = [columns.map((c) => esc(c.label)).join(',')];
    rows.forEach((row) => lines.push(columns.map((c) => esc(c.value(row))).join(',')));
    const blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  /** Copies a server 422 `fields` map into a reactive errors object (clearing old keys first). */
  /** A number as people type it: thousands separators (1,234.5 · 1，234.5 · 1 234.5) and
   *  full-width digits are read; empty is null; anything else is NaN (refused, never dropped). */
  function parseNumber(v) {
    if (v === null || v === undefined) return null;
    if (typeof v === 'number') return v;
    let s = String(v).trim().replace(/[\uFF10-\uFF19\uFF0E\uFF0D\uFF0B]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFEE0));
    if (s === '') return null;
    const groups = /^[-+]?\d{1,3}([,\uFF0C\s\u00A0\u2009\u202F]\d{3})+(\.\d+)?$/;
    if (groups.test(s)) s = s.replace(/[,\uFF0C\s\u00A0\u2009\u202F]/g, '');
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : NaN;
  }
  /** The server's field messages next to the fields; `aliases[2]` lands on `aliases` when the
   *  form has no field of its own for the element. */
  function applyFieldErrors(target, err) {
    clearFieldErrors(target);
    const fields = (err && err.fields) || {};
    Object.keys(fields).forEach((k) => {
      const top = k.replace(/[.[].*$/, '');
      const key = k in target || !(top in target) ? k : top;
      target[key] = target[key] ? target[key] + '; ' + fields[k] : fields[k];
    });
  }
  function clearFieldErrors(target) {
    Object.keys(target).forEach((k) => { target[k] = ''; });
  }
  /** Submits a form: validates it, runs `work` with `busy(true)`, and shows the server's field
   *  messages next to the fields. Answers whether the work succeeded. */
  async function submitForm(formRef, errs, busy, work) {
    clearFieldErrors(errs);
    if (!(await formRef.value.validate().catch(() => false))) return false;
    busy(true);
    try {
      await work();
      return true;
    } catch (e) {
      applyFieldErrors(errs, e);
      return false;
    } finally {
      busy(false);
    }
  }

  /** el-form rules helpers */
  const rules = {
    required: (trigger) => ({ required: true, message: () => t('common.required'), trigger: trigger || 'blur' }),
    max: (n) => ({ max: n, message: () => t('common.too_long', { n }), trigger: 'blur' }),
  };

  const listOf = (r) => (Array.isArray(r) ? r : (r && r.items) || []);
  /** Sets the breadcrumbs after the route's `meta.crumb` (see core/layout.js). */
  const crumbs = (...c) => store.setCrumbs(...c);
  /** Navigates inside the app (`replace` keeps the history entry). */
  const push = (to, replace) => (replace ? IC.router.replace(to) : IC.router.push(to));

  Object.assign(IC, {
    codeLabel, codeOptions, progName, fmtTime, period, statusTagType, statusColor, statusOrder,
    withQuery, exportCsv, applyFieldErrors, clearFieldErrors, submitForm, parseNumber, rules, listOf, crumbs, push,
  });
})();
