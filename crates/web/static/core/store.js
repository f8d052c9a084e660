/* innocity web UI — the app store (pinia): signed-in user, CSRF token, the access classes the
 * server grants the user's role, `/meta` code lists, language and the page's breadcrumb tail. */
(function () {
  'use strict';
  const { ref } = Vue;
  const IC = window.IC;

  const pinia = Pinia.createPinia();
  Pinia.setActivePinia(pinia);
  IC.pinia = pinia;

  IC.useStore = Pinia.defineStore('app', () => {
    const lang = ref(IC.i18n.global.locale.value);
    const user = ref(null);
    const csrf = ref(null);
    /** Names of the server's route-table access classes the user's role satisfies
     *  (`access` of `/auth/login` and `/auth/me`: authed, admin, manage, audit, import, …). */
    const access = ref([]);
    const meta = ref(null);
    /** Breadcrumbs after the route's `meta.crumb`: `{ label }` or `{ key }` (translated), `to` optional. */
    const crumbs = ref([]);
    const booted = ref(false);

    /** Whether the user may use routes of the access class `name` (server route table). */
    function hasAccess(name) {
      if (name === 'public') return true;
      return !!user.value && access.value.includes(name);
    }
    function signIn(r) {
      user.value = r.user;
      csrf.value = r.csrf_token;
      access.value = r.access || [];
    }
    function signOut() {
      user.value = null;
      csrf.value = null;
      access.value = [];
    }
    function setLang(l) {
      lang.value = l === 'en' ? 'en' : 'zh';
      IC.i18n.global.locale.value = lang.value;
      try { localStorage.setItem(IC.LANG_KEY, lang.value); } catch (e) { /* private mode */ }
      document.documentElement.lang = lang.value === 'en' ? 'en' : 'zh-CN';
    }
    function setCrumbs(...c) { crumbs.value = c; }
    return { lang, user, csrf, access, meta, crumbs, booted, hasAccess, signIn, signOut, setLang, setCrumbs };
  });

  document.documentElement.lang = IC.i18n.global.locale.value === 'en' ? 'en' : 'zh-CN';
})();
