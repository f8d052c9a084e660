/* innocity web UI — start-up: loads `/meta` and the session, then mounts the layout with the
 * router, vue-i18n, pinia and Element Plus. */
(function () {
  'use strict';
  const IC = window.IC;
  const store = IC.useStore();

  (async function boot() {
    await Promise.all([IC.loadMeta(), IC.loadMe()]);
    store.booted = true;
    const app = Vue.createApp(IC.Root);
    app.use(IC.router).use(IC.i18n).use(IC.pinia).use(ElementPlus);
    Object.keys(ElementPlusIconsVue).forEach((name) => { app.component('Icon' + name, ElementPlusIconsVue[name]); });
    Object.keys(IC.components).forEach((name) => { app.component(name, IC.components[name]); });
    app.config.errorHandler = (err, vm, info) => { console.error('[innocity]', info, err); };
    app.mount('#app');
  })();
})();
