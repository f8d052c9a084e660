/* innocity web UI — the router (vue-router, hash history: `#/tasks/8`, `#/login?next=…`).
 * Routes come from the areas (`IC.area(name).routes`). Route `meta`:
 *   public  reachable without login          bare  shown without the layout (login)
 *   nav     the side-menu entry to highlight  access  the server's access class needed
 *   crumb   breadcrumbs after 首页: [{ key: 'nav.plans', to: '/plans' }, …] (pages add their
 *           own tail, e.g. a record's name, with `IC.crumbs({ label })`)
 *   viewKey pages sharing one instance across their routes (the regions tree). */
(function () {
  'use strict';
  const IC = window.IC;
  const store = IC.useStore();

  const routes = [];
  Object.keys(IC.areas).forEach((name) => routes.push(...IC.areas[name].routes));

  const router = VueRouter.createRouter({
    history: VueRouter.createWebHashHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
  });
  IC.router = router;

  // Not logged in → login (remembering where to go); forced password change → /password;
  // a page the role's access classes do not cover → home.
  router.beforeEach((to) => {
    if (!store.user) {
      if (to.meta.public) return true;
      return to.fullPath !== '/' ? { path: '/login', query: { next: to.fullPath } } : { path: '/login' };
    }
    if (store.user.must_change_password && to.path !== '/password') return { path: '/password' };
    if (to.name === 'login') return { path: '/' };
    if (to.meta.access && !store.hasAccess(to.meta.access)) return { path: '/' };
    return true;
  });

  // A new page starts without the previous page's breadcrumb tail.
  router.afterEach((to, from) => {
    if (to.fullPath !== from.fullPath) store.setCrumbs();
  });
})();
