/* innocity web UI — the API client: JSON over `/api/v1`, the CSRF header on writes, a 401 sends
 * the user to `#/login?next=…`, a 403 `password_change_required` to `#/password`. */
(function () {
  'use strict';
  const IC = window.IC;
  const t = IC.t;
  const store = IC.useStore();

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error) || ('HTTP ' + status));
      this.status = status;
      this.code = body && body.code;
      this.fields = (body && body.fields) || {};
      this.body = body;
    }
  }

  const BASE = '/api/v1';

  async function request(method, path, opts) {
    opts = opts || {};
    let url = BASE + path;
    if (opts.params) {
      const q = new URLSearchParams();
      Object.keys(opts.params).forEach((k) => {
        const v = opts.params[k];
        if (v !== undefined && v !== null && v !== '') q.append(k, v);
      });
      const qs = q.toString();
      if (qs) url += (url.includes('?') ? '&' : '?') + qs;
    }
    // the server answers in the UI's language: its messages carry both, it picks one
    const headers = { Accept: 'application/json', 'Accept-Language': store.lang === 'en' ? 'en' : 'zh-CN' };
    const init = { method, headers, credentials: 'same-origin' };
    if (method !== 'GET' && method !== 'HEAD') {
      if (store.csrf) headers['X-CSRF-Token'] = store.csrf;
      if (opts.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(opts.body);
      }
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      const err = new ApiError(0, { error: t('common.network'), code: 'network' });
      if (!opts.quiet) ElementPlus.ElMessage.error(err.message);
      throw err;
    }
    let body = null;
    const text = await res.text();
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = { error: text.slice(0, 300) }; }
    }
    if (res.ok) return body;
    const err = new ApiError(res.status, body);
    if (res.status === 401 && !opts.allow401) {
      const wasIn = !!store.user;
      store.signOut();
      const route = IC.router.currentRoute.value;
      if (route.name !== 'login') {
        if (wasIn) ElementPlus.ElMessage.warning(t('login.session_expired'));
        IC.push(IC.withQuery('/login', { next: route.fullPath !== '/login' ? route.fullPath : '' }), true);
      }
      throw err;
    }
    if (res.status === 403 && err.code === 'password_change_required') {
      if (store.user) store.user.must_change_password = true;
      IC.push('/password', true);
      throw err;
    }
    if (!opts.quiet) {
      // 422 errors (and 409 duplicates naming a field) are shown next to the fields by the
      // form; the others as a toast.
      if ((res.status === 422 || res.status === 409) && Object.keys(err.fields).length) {
        ElementPlus.ElMessage.error(t('common.fix_fields'));
      } else {
        ElementPlus.ElMessage.error(err.message || t('common.error'));
      }
    }
    throw err;
  }

  const api = {
    get: (path, params, opts) => request('GET', path, Object.assign({ params }, opts)),
    post: (path, body, opts) => request('POST', path, Object.assign({ body }, opts)),
    put: (path, body, opts) => request('PUT', path, Object.assign({ body }, opts)),
    del: (path, opts) => request('DELETE', path, opts || {}),
  };

  async function loadMeta() {
    try { store.meta = await api.get('/meta', null, { quiet: true, allow401: true }); } catch (e) { /* labels fall back */ }
  }

  async function loadMe() {
    try {
      const r = await api.get('/auth/me', null, { quiet: true, allow401: true });
      store.signIn(r);
    } catch (e) {
      store.signOut();
    }
  }

  async function logout() {
    try { await api.post('/auth/logout', undefined, { quiet: true, allow401: true }); } catch (e) { /* already gone */ }
    store.signOut();
    IC.push('/login');
  }

  Object.assign(IC, { api, ApiError, loadMeta, loadMe, logout });
})();
