/* innocity web UI — routes, layout and start-up. */
(function () {
  'use strict';
  const { createApp, computed, watch } = Vue;
  const IC = window.IC;
  const { store, t, route, push, addRoute, pages, components } = IC;

  // ------------------------------------------------------------------ routes
  // nav: the side-menu entry highlighted for the route. public: reachable without login.
  addRoute('/login', 'login', { component: pages.LoginPage, public: true, bare: true });
  addRoute('/', 'home', { component: pages.HomePage, nav: '/' });
  addRoute('/password', 'password', { component: pages.PasswordPage, nav: '' });
  addRoute('/programmes/:id', 'programme', { component: pages.ProgrammePage, nav: '/participants' });
  addRoute('/participants', 'participants', { component: pages.ParticipantsPage, nav: '/participants' });
  addRoute('/participants/:id', 'participant', { component: pages.ParticipantPage, nav: '/participants' });
  // plans (plans.js): /plans/import before /plans/:id, which would match it
  addRoute('/plans', 'plans', { component: pages.PlansPage, nav: '/plans' });
  addRoute('/plans/import', 'plan-import', { component: pages.PlanImportPage, nav: '/plans/import', allow: IC.can.importPlan });
  addRoute('/plans/:id', 'plan', { component: pages.PlanPage, nav: '/plans' });
  // monitoring (monitoring.js)
  addRoute('/monitoring', 'monitoring', { component: pages.MonitoringPage, nav: '/monitoring' });
  addRoute('/monitoring/assignments/:id', 'mon-assignment', { component: pages.AssignmentPage, nav: '/monitoring' });
  addRoute('/monitoring/scorecard', 'scorecard', { component: pages.ScorecardPage, nav: '/monitoring/scorecard' });
  addRoute('/monitoring/scorecard/:id', 'scorecard-one', { component: pages.ScorecardPage, nav: '/monitoring/scorecard' });
  addRoute('/monitoring/forms', 'mon-forms', { component: pages.FormsPage, nav: '/monitoring/forms' });
  addRoute('/monitoring/rules', 'mon-rules', { component: pages.RulesPage, nav: '/monitoring/rules' });
  // task supervision (supervision.js)
  addRoute('/tasks', 'tasks', { component: pages.SvTasksPage, nav: '/tasks' });
  addRoute('/tasks/:id', 'task', { component: pages.SvTaskPage, nav: '/tasks' });
  addRoute('/notifications', 'notifications', { component: pages.SvNotificationsPage, nav: '/notifications' });
  addRoute('/scores', 'scores', { component: pages.SvScoresPage, nav: '/scores' });
  // evaluation (evaluation.js)
  addRoute('/evaluation', 'evaluation', { component: pages.EvaluationPage, nav: '/evaluation' });
  addRoute('/evaluation/methods/:id', 'ev-method', { component: pages.EvMethodPage, nav: '/evaluation' });
  addRoute('/evaluation/runs/:id', 'ev-run', { component: pages.EvRunPage, nav: '/evaluation' });
  addRoute('/regions', 'regions', { component: pages.RegionsPage, nav: '/regions' });
  addRoute('/regions/:code', 'region', { component: pages.RegionsPage, nav: '/regions', sameAs: 'regions' });
  addRoute('/orgs', 'orgs', { component: pages.OrgsPage, nav: '/orgs' });
  addRoute('/orgs/:id', 'org', { component: pages.OrgPage, nav: '/orgs' });
  addRoute('/indicators', 'indicators', { component: pages.IndicatorsPage, nav: '/indicators' });
  addRoute('/indicators/:id', 'indicator', { component: pages.IndicatorPage, nav: '/indicators' });
  addRoute('/users', 'users', { component: pages.UsersPage, nav: '/users', allow: IC.can.admin });
  addRoute('/audit', 'audit', { component: pages.AuditPage, nav: '/audit', allow: IC.can.audit });
  addRoute('/about', 'about', { component: pages.AboutPage, nav: '/about' });

  const byName = {};
  IC.routes.forEach((r) => { byName[r.name] = r; });

  // Not logged in → login (remembering where to go); forced password change → /password;
  // a page the role may not use → home.
  IC.guards.push((r) => {
    if (!store.booted) return null;
    const def = r.route;
    if (!store.user) {
      if (def && def.public) return null;
      return IC.withQuery('/login', { next: r.fullPath !== '/' ? r.fullPath : '' });
    }
    if (store.user.must_change_password && r.path !== '/password') return '/password';
    if (def && def.name === 'login') return '/';
    if (def && def.allow && !def.allow(store.user)) return '/';
    return null;
  });

  // Side navigation, filtered by role.
  const navGroups = [
    { key: 'registry', items: [
      { path: '/', key: 'nav.home', icon: 'IconHouse', test: 'nav-home' },
      { path: '/participants', key: 'nav.participants', icon: 'IconOfficeBuilding', test: 'nav-participants' },
      { path: '/plans', key: 'nav.plans', icon: 'IconNotebook', test: 'nav-plans' },
      { path: '/plans/import', key: 'nav.plan_import', icon: 'IconUpload', test: 'nav-plan-import', allow: IC.can.importPlan },
    ] },
    { key: 'monitoring_group', items: [
      { path: '/monitoring', key: 'nav.monitoring', icon: 'IconEditPen', test: 'nav-monitoring' },
      { path: '/monitoring/scorecard', key: 'nav.scorecard', icon: 'IconTrendCharts', test: 'nav-scorecard' },
      { path: '/monitoring/forms', key: 'nav.forms', icon: 'IconTickets', test: 'nav-forms' },
      { path: '/monitoring/rules', key: 'nav.rules', icon: 'IconFinished', test: 'nav-rules' },
    ] },
    { key: 'supervision_group', items: [
      { path: '/tasks', key: 'nav.tasks', icon: 'IconList', test: 'nav-tasks' },
      { path: '/notifications', key: 'nav.notifications', icon: 'IconBell', test: 'nav-notifications' },
      { path: '/scores', key: 'nav.scores', icon: 'IconTrophy', test: 'nav-scores' },
    ] },
    { key: 'evaluation_group', items: [
      { path: '/evaluation', key: 'nav.evaluation', icon: 'IconDataLine', test: 'nav-evaluation' },
    ] },
    { key: 'basedata', items: [
      { path: '/regions', key: 'nav.regions', icon: 'IconLocation', test: 'nav-regions' },
      { path: '/orgs', key: 'nav.orgs', icon: 'IconSuitcase', test: 'nav-orgs' },
      { path: '/indicators', key: 'nav.indicators', icon: 'IconDataAnalysis', test: 'nav-indicators' },
    ] },
    { key: 'system', items: [
      { path: '/users', key: 'nav.users', icon: 'IconUser', test: 'nav-users', allow: IC.can.admin },
      { path: '/audit', key: 'nav.audit', icon: 'IconDocument', test: 'nav-audit', allow: IC.can.audit },
      { path: '/about', key: 'nav.about', icon: 'IconInfoFilled', test: 'nav-about' },
    ] },
  ];

  // ------------------------------------------------------------------ layout
  const Root = {
    setup() {
      const current = computed(() => {
        const def = byName[route.name];
        return def ? def.component : pages.NotFoundPage;
      });
      const bare = computed(() => { const d = byName[route.name]; return !!(d && d.bare); });
      const viewKey = computed(() => {
        // the regions page keeps its tree when only the selected code changes
        const d = byName[route.name];
        if (d && (d.name === 'regions' || d.name === 'region')) return 'regions';
        return route.fullPath;
      });
      const activeNav = computed(() => { const d = byName[route.name]; return d ? (d.nav || '') : ''; });
      const nav = computed(() => (store.user && store.user.must_change_password ? [] : navGroups)
        .map((g) => ({ key: g.key, items: g.items.filter((i) => !i.allow || i.allow(store.user)) }))
        .filter((g) => g.items.length));
      const epLocale = computed(() => (store.lang === 'en' ? ElementPlusLocaleEn : ElementPlusLocaleZhCn));
      const roleLabel = computed(() => (store.user ? IC.codeLabel('roles', store.user.role) || store.user.role_label : ''));
      const fullCrumbs = computed(() => {
        const c = [{ label: t('nav.home'), to: '/' }];
        if (route.name !== 'home') c.push(...store.crumbs.filter((x) => x && x.label));
        return c;
      });
      watch([() => store.crumbs, () => store.lang], () => {
        const last = store.crumbs.length ? store.crumbs[store.crumbs.length - 1].label : '';
        document.title = (last ? last + ' - ' : '') + t('app.title');
      }, { immediate: true, deep: true });
      function onSelect(index) { push(index); }
      function onUserCmd(cmd) {
        if (cmd === 'logout') IC.logout();
        else if (cmd === 'password') push('/password');
        else if (cmd === 'about') push('/about');
      }
      return { store, route, current, bare, viewKey, activeNav, nav, epLocale, roleLabel, fullCrumbs, onSelect, onUserCmd, t, IC };
    },
    template: `<el-config-provider :locale="epLocale">
      <div v-if="!store.booted" class="boot">{{ t('common.loading') }}</div>
      <component v-else-if="bare" :is="current" :key="viewKey"></component>
      <el-container v-else class="layout">
        <el-header class="app-header" height="56px">
          <a class="brand" href="#/"><span class="brand-mark small">创</span><span class="brand-text">{{ t('app.title') }}</span></a>
          <div class="header-right">
            <el-radio-group :model-value="store.lang" size="small" @change="IC.setLang" class="lang-switch" data-test="lang-switch">
              <el-radio-button value="zh" data-test="lang-zh">简体中文</el-radio-button>
              <el-radio-button value="en" data-test="lang-en">English</el-radio-button>
            </el-radio-group>
            <template v-if="store.user">
              <el-dropdown trigger="click" @command="onUserCmd">
                <span class="user-box" data-test="user-menu">
                  <el-icon><icon-avatar></icon-avatar></el-icon>
                  <span class="user-name" data-test="user-name">{{ store.user.display_name }}</span>
                  <el-tag size="small" effect="dark" type="info" class="role-tag" data-test="user-role">{{ roleLabel }}</el-tag>
                  <span class="user-org" v-if="store.user.org">{{ store.user.org.name }}</span>
                  <el-icon><icon-arrow-down></icon-arrow-down></el-icon>
                </span>
                <template #dropdown>
                  <el-dropdown-menu>
                    <el-dropdown-item command="password" data-test="menu-password"><el-icon><icon-lock></icon-lock></el-icon>{{ t('header.password') }}</el-dropdown-item>
                    <el-dropdown-item command="about"><el-icon><icon-info-filled></icon-info-filled></el-icon>{{ t('nav.about') }}</el-dropdown-item>
                  </el-dropdown-menu>
                </template>
              </el-dropdown>
              <el-button class="logout-btn" size="small" @click="IC.logout()" data-test="logout" id="logout"><el-icon><icon-switch-button></icon-switch-button></el-icon><span>{{ t('header.logout') }}</span></el-button>
            </template>
          </div>
        </el-header>
        <el-container class="body">
          <el-aside width="208px" class="app-aside">
            <el-menu :default-active="activeNav" @select="onSelect" class="side-menu" background-color="#1d2b3a" text-color="#c0c8d2" active-text-color="#ffffff">
              <el-menu-item-group v-for="g in nav" :key="g.key">
                <template #title><span class="menu-group">{{ t('nav.' + g.key) }}</span></template>
                <el-menu-item v-for="i in g.items" :key="i.path" :index="i.path" :data-test="i.test" :id="i.test">
                  <el-icon><component :is="i.icon"></component></el-icon><span>{{ t(i.key) }}</span>
                </el-menu-item>
              </el-menu-item-group>
            </el-menu>
          </el-aside>
          <el-main class="app-main">
            <el-breadcrumb separator="/" class="crumbs" data-test="breadcrumbs">
              <el-breadcrumb-item v-for="(c, i) in fullCrumbs" :key="i">
                <a v-if="c.to && i < fullCrumbs.length - 1" :href="'#' + c.to">{{ c.label }}</a><span v-else>{{ c.label }}</span>
              </el-breadcrumb-item>
            </el-breadcrumb>
            <component :is="current" :key="viewKey"></component>
          </el-main>
        </el-container>
      </el-container>
    </el-config-provider>`,
  };

  // ------------------------------------------------------------------ start
  const app = createApp(Root);
  app.use(ElementPlus);
  Object.keys(ElementPlusIconsVue).forEach((name) => { app.component('Icon' + name, ElementPlusIconsVue[name]); });
  Object.keys(components).forEach((name) => { app.component(name, components[name]); });
  app.component('OrgForm', pages.OrgForm);
  app.config.globalProperties.t = t;
  app.config.errorHandler = (err, vm, info) => { console.error('[innocity]', info, err); };

  (async function boot() {
    await Promise.all([IC.loadMeta(), IC.loadMe()]);
    store.booted = true;
    IC.syncRoute();
    app.mount('#app');
  })();
})();
