/* innocity web UI — translation (vue-i18n) and the area registry.
 * Every UI string is a key: `$t('key')` in templates, `IC.t('key', { n })` in code. Chinese is
 * canonical; a key missing in English falls back to Chinese. Each area adds its own dictionary
 * with `IC.addMessages(area, { zh, en })` (areas/<area>/i18n.js); this file holds the common one.
 * vue-i18n treats `@`, `{`, `}` and `|` in messages specially: write `{'@'}` etc. for literals. */
(function () {
  'use strict';
  const IC = (window.IC = window.IC || {});

  /** One entry per area: its routes (gathered by core/router.js), messages and helpers. */
  const areas = {};
  IC.areas = areas;
  IC.area = (name) => (areas[name] = areas[name] || { name, routes: [], messages: null, util: {} });
  /** Runs one file of an area: `fn` gets IC's helpers with `store` and `area` added. */
  IC.module = (name, fn) => fn(Object.assign({}, IC, { store: IC.useStore(), area: IC.area(name) }));

  const LANG_KEY = 'innocity.lang';
  const stored = (function () {
    try { return localStorage.getItem(LANG_KEY); } catch (e) { return null; }
  })();

  const common = {
    zh: {
      'app.title': '创新型城市建设监测评价平台',
      'app.short': '创新型城市监测评价',
      'nav.home': '首页',
      'nav.participants': '建设主体',
      'nav.regions': '行政区划',
      'nav.orgs': '组织机构',
      'nav.indicators': '指标库',
      'nav.users': '用户管理',
      'nav.audit': '审计日志',
      'nav.about': '关于',
      'nav.registry': '建设计划',
      'nav.basedata': '基础数据',
      'nav.system': '系统管理',
      'crumb.programme': '建设计划',
      'crumb.password': '修改密码',
      'crumb.region': '区划详情',
      'crumb.org': '机构详情',
      'crumb.indicator': '指标详情',
      'common.search': '查询',
      'common.reset': '重置',
      'common.keyword': '关键词',
      'common.all': '全部',
      'common.actions': '操作',
      'common.view': '查看',
      'common.edit': '编辑',
      'common.create': '新增',
      'common.save': '保存',
      'common.cancel': '取消',
      'common.confirm': '确定',
      'common.close': '关闭',
      'common.loading': '加载中…',
      'common.none': '无',
      'common.empty': '暂无数据',
      'common.yes': '是',
      'common.no': '否',
      'common.back': '返回',
      'common.export': '导出 CSV',
      'common.required': '此项为必填项',
      'common.too_long': '长度不能超过 {n} 个字符',
      'common.saved': '已保存',
      'common.demo': '演示数据',
      'common.demo_hint': '本条为演示数据,数值与名称为示例,不是官方统计。',
      'common.error': '操作失败',
      'common.network': '网络错误,无法连接服务器',
      'common.fix_fields': '请更正标出的字段',
      'common.total': '共 {n} 条',
      'header.logout': '退出登录',
      'header.password': '修改密码',
      'header.lang': '语言',
      'action.create': '新增',
      'action.update': '修改',
      'action.delete': '删除',
      'action.login': '登录',
      'action.logout': '退出',
      'action.login_failed': '登录失败',
      'action.login_attempt': '登录尝试',
      'action.login_refused': '登录被拒(锁定或限流)',
      'action.transition': '状态变更',
      'action.password': '密码',
      'entity.user': '用户',
      'entity.org': '机构',
      'entity.region': '行政区划',
      'entity.indicator': '指标',
      'entity.participant': '建设主体',
      'entity.programme': '建设计划',
      'entity.batch': '批次',
      'entity.session': '会话',
      'entity.plan': '实施方案',
      'entity.target': '目标',
      'entity.task': '重点任务',
      'notfound.title': '页面不存在',
      'notfound.back': '返回首页',
      'err.forbidden': '没有权限',
      'err.not_found': '记录不存在或不在您的权限范围内',
    },
    en: {
      'app.title': 'Innovative City Monitoring & Evaluation Platform',
      'app.short': 'Innovative City M&E',
      'nav.home': 'Home',
      'nav.participants': 'Participants',
      'nav.regions': 'Regions',
      'nav.orgs': 'Organisations',
      'nav.indicators': 'Indicator library',
      'nav.users': 'Users',
      'nav.audit': 'Audit log',
      'nav.about': 'About',
      'nav.registry': 'Programmes',
      'nav.basedata': 'Reference data',
      'nav.system': 'System',
      'crumb.programme': 'Programme',
      'crumb.password': 'Change password',
      'crumb.region': 'Region',
      'crumb.org': 'Organisation',
      'crumb.indicator': 'Indicator',
      'common.search': 'Search',
      'common.reset': 'Reset',
      'common.keyword': 'Keyword',
      'common.all': 'All',
      'common.actions': 'Actions',
      'common.view': 'View',
      'common.edit': 'Edit',
      'common.create': 'New',
      'common.save': 'Save',
      'common.cancel': 'Cancel',
      'common.confirm': 'Confirm',
      'common.close': 'Close',
      'common.loading': 'Loading…',
      'common.none': 'None',
      'common.empty': 'No data',
      'common.yes': 'Yes',
      'common.no': 'No',
      'common.back': 'Back',
      'common.export': 'Export CSV',
      'common.required': 'Required',
      'common.too_long': 'At most {n} characters',
      'common.saved': 'Saved',
      'common.demo': 'Demo data',
      'common.demo_hint': 'Demo record: names and figures are examples, not official statistics.',
      'common.error': 'The operation failed',
      'common.network': 'Network error: the server cannot be reached',
      'common.fix_fields': 'Please correct the marked fields',
      'common.total': '{n} in total',
      'header.logout': 'Log out',
      'header.password': 'Change password',
      'header.lang': 'Language',
      'action.create': 'Create',
      'action.update': 'Update',
      'action.delete': 'Delete',
      'action.login': 'Sign in',
      'action.logout': 'Sign out',
      'action.login_failed': 'Failed sign-in',
      'action.login_attempt': 'Sign-in attempt',
      'action.login_refused': 'Sign-in refused (locked or throttled)',
      'action.transition': 'Status change',
      'action.password': 'Password',
      'entity.user': 'User',
      'entity.org': 'Organisation',
      'entity.region': 'Region',
      'entity.indicator': 'Indicator',
      'entity.participant': 'Participant',
      'entity.programme': 'Programme',
      'entity.batch': 'Batch',
      'entity.session': 'Session',
      'entity.plan': 'Implementation plan',
      'entity.target': 'Target',
      'entity.task': 'Key task',
      'notfound.title': 'Page not found',
      'notfound.back': 'Back to home',
      'err.forbidden': 'Forbidden',
      'err.not_found': 'Not found, or outside your scope',
    },
  };

  const i18n = VueI18n.createI18n({
    legacy: false,
    globalInjection: true,
    locale: stored === 'en' ? 'en' : 'zh',
    fallbackLocale: 'zh',
    missingWarn: false,
    fallbackWarn: false,
    messages: common,
  });
  IC.i18n = i18n;
  IC.LANG_KEY = LANG_KEY;

  /** Translates a key in the current language; `{name}` placeholders take `params.name`. */
  IC.t = (key, params) => (params ? i18n.global.t(key, params) : i18n.global.t(key));

  /** Registers an area's dictionary ({ zh: {…}, en: {…} }). */
  IC.addMessages = (area, messages) => {
    IC.area(area).messages = messages;
    Object.keys(messages).forEach((lang) => i18n.global.mergeLocaleMessage(lang, messages[lang]));
  };
})();
