/* innocity web UI — the layout: header (language, user, logout), side navigation filtered by the
 * access classes the server grants, breadcrumbs from route `meta.crumb` plus the page's tail. */
(function () {
  'use strict';
  const { computed, watch } = Vue;
  const IC = window.IC;
  const { t, push } = IC;
  const store = IC.useStore();

  // Side navigation; `access` names the server's access class an entry needs.
  const navGroups = [
    { key: 'registry', items: [
      { path: '/', key: 'nav.home', icon: 'IconHouse', test: 'nav-home' },
      { path: '/participants', key: 'nav.participants', icon: 'IconOfficeBuilding', test: 'nav-participants' },
      { path: '/plans', key: 'nav.plans', icon: 'IconNotebook', test: 'nav-plans' },
      { path: '/plans/import', key: 'nav.plan_import', icon: 'IconUpload', test: 'nav-plan-import', access: 'import' },
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
      { path: '/users', key: 'nav.users', icon: 'IconUser', test: 'nav-users', access: 'admin' },
      { path: '/audit', key: 'nav.audit', icon: 'IconDocument', test: 'nav-audit', access: 'audit' },
      { path: '/about', key: 'nav.about', icon: 'IconInfoFilled', test: 'nav-about' },
    ] },
  ];

  const crumbLabel = (c) => (c.key ? t(c.key) : c.label);

  IC.Root = {
    setup() {
      const route = VueRouter.useRoute();
      const bare = computed(() => !!route.meta.bare);
      // the regions page keeps its tree when only the selected code changes
      // A page is built again when the language changes: what the server made (statuses,
      // reasons, notices) comes back in the new language. Bare pages (login) hold no server
      // text and keep what was typed.
      const viewKey = (r) => (r.meta.viewKey || r.fullPath) + (r.meta.bare ? '' : '|' + store.lang);
      const activeNav = computed(() => route.meta.nav || '');
      const nav = computed(() => (store.user && store.user.must_change_password ? [] : navGroups)
        .map((g) => ({ key: g.key, items: g.items.filter((i) => !i.access || store.hasAccess(i.access)) }))
        .filter((g) => g.items.length));
      const epLocale = computed(() => (store.lang === 'en' ? ElementPlusLocaleEn : ElementPlusLocaleZhCn));
      const roleLabel = computed(() => (store.user ? IC.codeLabel('roles', store.user.role) || store.user.role_label : ''));
      const fullCrumbs = computed(() => {
        const c = [{ label: t('nav.home'), to: '/' }];
        if (route.name !== 'home') {
          const trail = (route.meta.crumb || []).concat(store.crumbs);
          c.push(...trail.filter(Boolean).map((x) => ({ label: crumbLabel(x), to: x.to })).filter((x) => x.label));
        }
        return c;
      });
      watch([fullCrumbs, () => store.lang], () => {
        const c = fullCrumbs.value;
        const last = route.name !== 'home' && c.length > 1 ? c[c.length - 1].label : '';
        document.title = (last ? last + ' - ' : '') + t('app.title');
      }, { immediate: true });
      function onSelect(index) { push(index); }
      function onUserCmd(cmd) {
        if (cmd === 'logout') IC.logout();
        else if (cmd === 'password') push('/password');
        else if (cmd === 'about') push('/about');
      }
      return { store, route, bare, viewKey, activeNav, nav, epLocale, roleLabel, fullCrumbs, onSelect, onUserCmd, IC };
    },
    template: `<el-config-provider :locale="epLocale">
      <div v-if="!store.booted" class="boot">{{ $t('common.loading') }}</div>
      <router-view v-else-if="bare" v-slot="{ Component, route: r }"><component :is="Component" :key="viewKey(r)"></component></router-view>
      <el-container v-else class="layout">
        <el-header class="app-header" height="56px">
          <a class="brand" href="#/"><span class="brand-mark small">创</span><span class="brand-text">{{ $t('app.title') }}</span></a>
          <div class="header-right">
            <el-radio-group :model-value="store.lang" size="small" @change="store.setLang" class="lang-switch" data-test="lang-switch">
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
                    <el-dropdown-item command="password" data-test="menu-password"><el-icon><icon-lock></icon-lock></el-icon>{{ $t('header.password') }}</el-dropdown-item>
                    <el-dropdown-item command="about"><el-icon><icon-info-filled></icon-info-filled></el-icon>{{ $t('nav.about') }}</el-dropdown-item>
                  </el-dropdown-menu>
                </template>
              </el-dropdown>
              <el-button class="logout-btn" size="small" @click="IC.logout()" data-test="logout" id="logout"><el-icon><icon-switch-button></icon-switch-button></el-icon><span>{{ $t('header.logout') }}</span></el-button>
            </template>
          </div>
        </el-header>
        <el-container class="body">
          <el-aside width="208px" class="app-aside">
            <el-menu :default-active="activeNav" @select="onSelect" class="side-menu" background-color="#1d2b3a" text-color="#c0c8d2" active-text-color="#ffffff">
              <el-menu-item-group v-for="g in nav" :key="g.key">
                <template #title><span class="menu-group">{{ $t('nav.' + g.key) }}</span></template>
                <el-menu-item v-for="i in g.items" :key="i.path" :index="i.path" :data-test="i.test" :id="i.test">
                  <el-icon><component :is="i.icon"></component></el-icon><span>{{ $t(i.key) }}</span>
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
            <router-view v-slot="{ Component, route: r }"><component :is="Component" :key="viewKey(r)"></component></router-view>
          </el-main>
        </el-container>
      </el-container>
    </el-config-provider>`,
  };

})();
