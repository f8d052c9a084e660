/* innocity web UI — core: i18n, store, API client, hash router, helpers.
 * Plain script (no build step); everything hangs off window.IC. */
(function () {
  'use strict';
  const { reactive, computed } = Vue;

  // ---------------------------------------------------------------- i18n
  const messages = {
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
      'login.title': '用户登录',
      'login.username': '用户名',
      'login.password': '密码',
      'login.submit': '登录',
      'login.failed': '登录失败',
      'login.session_expired': '登录已失效,请重新登录',
      'login.footer': '仅限授权用户使用。所有操作均记录审计日志。',
      'password.title': '修改密码',
      'password.forced': '首次登录或密码已被重置:请先设置新密码,然后才能使用系统。',
      'password.old': '原密码',
      'password.new': '新密码',
      'password.confirm': '确认新密码',
      'password.policy': '至少 10 个字符,须同时包含字母和数字,不能与用户名或原密码相同。',
      'password.mismatch': '两次输入的新密码不一致',
      'password.too_short': '至少 10 个字符',
      'password.letters_digits': '须同时包含字母和数字',
      'password.changed': '密码已修改',
      'home.programmes': '建设计划',
      'home.participants': '建设主体数',
      'home.status_chart': '各计划建设状态分布',
      'home.status_pie': '全部建设主体状态',
      'home.recent': '最近状态变更',
      'home.no_recent': '暂无状态变更记录',
      'home.no_participants': '您的权限范围内暂无建设主体',
      'home.welcome': '欢迎,{name}',
      'programme.code': '编码',
      'programme.name': '名称',
      'programme.description': '说明',
      'programme.batches': '批次',
      'programme.participants': '建设主体',
      'batch.code': '批次编码',
      'batch.name': '批次',
      'batch.approved_on': '批准日期',
      'batch.note': '备注',
      'batch.count': '建设主体数',
      'participant.region': '地区',
      'participant.programme': '建设计划',
      'participant.batch': '批次',
      'participant.theme': '建设主题',
      'participant.period': '建设期',
      'participant.acceptance_year': '验收年度',
      'participant.period_from': '{y} 年起',
      'participant.period_until': '至 {y} 年',
      'participant.status': '建设状态',
      'participant.updated_at': '更新时间',
      'participant.history': '状态历史',
      'participant.transitions': '状态变更',
      'participant.final_status': '当前状态为终态,没有可进行的状态变更。',
      'participant.no_permission': '您的角色不能变更建设状态(仅系统管理员、协调员和审核员可以)。',
      'participant.search_ph': '地区名称或编码',
      'participant.facts': '基本信息',
      'transition.title': '变更状态:{from} → {to}',
      'transition.note': '变更说明',
      'transition.note_ph': '例如:已报送总结材料和指标完成情况',
      'transition.done': '状态已变更为 {to}',
      'transition.refused': '状态变更被拒绝',
      'history.initial': '初始状态',
      'history.by': '操作人',
      'region.code': '区划代码',
      'region.name': '名称',
      'region.level': '级别',
      'region.parent': '上级区划',
      'region.children': '下级区划',
      'region.orgs': '本区划机构',
      'region.participants': '建设主体',
      'region.filter': '输入名称或代码过滤',
      'region.pick': '请在左侧选择一个行政区划',
      'region.tree': '区划树',
      'region.code_invalid': '须为 6 位数字(GB/T 2260)',
      'org.name': '机构名称',
      'org.kind': '类型',
      'org.region': '所属区划',
      'org.aliases': '别名',
      'org.aliases_ph': '输入别名后回车',
      'org.users': '本机构用户',
      'org.search_ph': '名称或别名,如 市发改委',
      'org.create': '新增机构',
      'org.lookup': '别名查找',
      'org.lookup_ph': '输入简称或别名,如 市发改委',
      'org.lookup_none': '没有名称或别名为“{name}”的机构',
      'org.edit': '编辑机构',
      'ind.code': '指标编码',
      'ind.name_zh': '中文名称',
      'ind.name_en': '英文名称',
      'ind.synonyms': '同义词',
      'ind.synonyms_ph': '输入同义词后回车',
      'ind.unit': '单位',
      'ind.direction': '指标方向',
      'ind.definition': '定义',
      'ind.source_dept': '数据来源部门',
      'ind.formula': '计算公式',
      'ind.aggregation': '汇总方式',
      'ind.unverified': '待核实',
      'ind.unverified_hint': '该指标定义尚未与正式发布的口径核对。',
      'ind.search_ph': '编码、名称或同义词',
      'ind.create': '新增指标',
      'ind.edit': '编辑指标',
      'user.username': '用户名',
      'user.display_name': '姓名',
      'user.role': '角色',
      'user.org': '所属机构',
      'user.disabled': '已停用',
      'user.enabled': '正常',
      'user.state': '状态',
      'user.must_change': '须改密',
      'user.last_login': '最近登录',
      'user.password': '初始密码',
      'user.create': '新增用户',
      'user.edit': '编辑用户',
      'user.reset_pw': '重置密码',
      'user.reset_pw_title': '重置 {name} 的密码',
      'user.new_password': '新密码',
      'user.reset_done': '密码已重置,用户下次登录时须修改密码',
      'user.search_ph': '用户名或姓名',
      'user.org_ph': '输入名称搜索机构',
      'audit.at': '时间',
      'audit.user': '用户',
      'audit.action': '动作',
      'audit.entity': '对象类型',
      'audit.entity_id': '对象 ID',
      'audit.before': '变更前',
      'audit.after': '变更后',
      'audit.date_range': '日期范围',
      'audit.from': '开始日期',
      'audit.to': '结束日期',
      'audit.system': '系统',
      'audit.user_ph': '用户名',
      'action.create': '新增',
      'action.update': '修改',
      'action.delete': '删除',
      'action.login': '登录',
      'action.logout': '退出',
      'action.login_failed': '登录失败',
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
      // plans (实施方案): pages in plans.js
      'nav.plans': '实施方案',
      'nav.plan_import': '方案导入',
      'plan.participant': '建设主体',
      'plan.title': '方案标题',
      'plan.issuer': '发文机关',
      'plan.doc_number': '文号',
      'plan.doc_date': '成文日期',
      'plan.revision': '修订版',
      'plan.revision_n': '第 {n} 版',
      'plan.revisions': '修订链',
      'plan.superseded': '已被取代',
      'plan.status.current': '现行',
      'plan.status.superseded': '已被取代',
      'plan.show_superseded': '显示已被取代的修订版',
      'plan.none': '暂无实施方案',
      'plan.created_at': '导入时间',
      'plan.counts': '条目',
      'plan.counts_text': '目标 {targets} 项 · 任务 {tasks} 项',
      'plan.targets': '目标',
      'plan.tasks': '任务',
      'plan.phases': '阶段',
      'plan.matrix': '责任矩阵',
      'plan.text': '原文',
      'plan.no_text': '本方案未保存原文',
      'plan.not_in_text': '原文中找不到这一项(可能是导入时手工添加或修改的)',
      'plan.text_hint': '点击目标、任务或阶段所在行可定位到原文;点击原文中的标记回到对应行。',
      'plan.export': '导出 Excel',
      'plan.indicator_text': '指标表述',
      'plan.indicator': '指标库指标',
      'plan.comparator': '比较',
      'plan.value': '目标值',
      'plan.value_max': '上限',
      'plan.unit': '单位',
      'plan.year': '年份',
      'plan.kind': '类型',
      'plan.delta': '增量',
      'plan.level': '水平值',
      'plan.delta_hint': '勾选表示变化量(年均增长、提高…个百分点),不勾选表示水平值',
      'plan.source_text': '原文表述',
      'plan.target_fields': '目标(指标、比较方式、数值、单位、年份)',
      'plan.task_fields': '任务与责任单位',
      'plan.cmp.ge': '不低于',
      'plan.cmp.gt': '超过',
      'plan.cmp.le': '不超过',
      'plan.cmp.lt': '低于',
      'plan.cmp.eq': '等于',
      'plan.cmp.approx': '左右',
      'plan.cmp.range': '区间',
      'plan.number': '序号',
      'plan.task_title': '任务',
      'plan.lead': '牵头单位',
      'plan.cooperating': '配合单位',
      'plan.joint': '共同',
      'plan.joint_hint': '按职责分工共同负责(不分牵头与配合)',
      'plan.joint_units': '共同负责单位',
      'plan.deadline': '完成时限',
      'plan.role.lead': '牵头',
      'plan.role.coop': '配合',
      'plan.role.joint': '共同',
      'plan.dept_filter': '部门:',
      'plan.all_depts': '全部部门',
      'plan.my_dept': '本单位({name})',
      'plan.org_counts': '牵头 {lead} · 配合 {coop} · 共同 {joint}',
      'plan.task_count': '显示 {n} / {total} 项任务',
      'plan.matrix_hint': '行为任务,列为部门(按牵头任务数排序),底部为各部门合计。',
      'plan.total_role': '{role}合计',
      'plan.phase_text': '阶段表述',
      'plan.phase_kind': '类型',
      'plan.phase_years': '年份',
      'plan.phase.plan_period': '规划期',
      'plan.phase.milestone': '节点目标',
      'plan.phase.relative': '周期性',
      'plan.phase.deadline': '完成时限',
      'plan.warn.pinyin_removed': '已删除拼音注音',
      'plan.warn.traditional_converted': '繁体字已转为简体',
      'plan.warn.year_placeholder': '年份为占位符',
      'plan.warn.mojibake': '疑似乱码',
      'plan.warn.watermark': '已识别水印行',
      'plan.warn.truncated': '原文疑似被截断',
      'plan.warn.demo': '演示数据',
      'plan.warn.other': '提示({kind})',
      'plan.warn_count': '(共 {n} 处)',
      'plan.warn_quote': ':“{text}”',
      'participant.plans': '实施方案',
      'imp.intro': '粘贴方案全文或上传 .txt/.docx 文件,系统自动修复文本并提取目标、任务和责任单位。提取结果需经您核对后确认才会保存。',
      'imp.pick_participant': '请选择建设主体',
      'imp.source': '来源',
      'imp.paste': '粘贴文本',
      'imp.upload': '上传文件',
      'imp.text': '方案全文',
      'imp.text_ph': '在此粘贴实施方案全文',
      'imp.chars': '{n} 个字符',
      'imp.file': '文件',
      'imp.choose_file': '选择文件',
      'imp.file_hint': '支持 .txt(UTF-8 或 GBK)和 .docx,不超过 5 MB;文件在浏览器中读取后提交。',
      'imp.file_type': '不支持的文件类型:{name}(仅支持 .txt 和 .docx)',
      'imp.file_size': '文件过大:{name}(不超过 5 MB)',
      'imp.file_read': '无法读取文件:{name}',
      'imp.published': '发布日期',
      'imp.published_ph': '可选',
      'imp.published_hint': '原文未写明日期时,用于推算“今年”等相对年份。',
      'imp.extract': '提取',
      'imp.nothing_saved': '提取不会保存任何内容',
      'imp.review': '核对提取结果',
      'imp.back': '返回修改原文',
      'imp.confirm': '确认保存',
      'imp.confirm_revision': '确认保存为新修订版',
      'imp.saved': '方案已保存(第 {n} 版)',
      'imp.dup_title': '该文件此前已导入过',
      'imp.dup_text': '系统中已有同一文件(相同文号或相同原文)的方案。请选择保存方式:',
      'imp.dup_new': '作为独立的新方案保存',
      'imp.dup_revision': '保存为《{title}》(第 {n} 版)的新修订版(第 {next} 版)',
      'imp.dup_same_text': '原文完全相同',
      'imp.dup_open': '查看已有方案《{title}》',
      'imp.text_repaired': '修复后的文本',
      'imp.warnings': '提示',
      'imp.no_warnings': '文本未发现需要提示的问题',
      'imp.pending_units': '待确认单位({n})',
      'imp.pending_hint': '以下单位名称未匹配到已有机构。请为每个名称选择对应的已有机构(该名称将记为机构别名),或新建机构。',
      'imp.unit_map': '对应已有机构',
      'imp.unit_create': '新建机构',
      'imp.unit_choose': '请选择已有机构或新建',
      'imp.pick_org': '输入名称搜索机构',
      'imp.units_ok': '全部 {n} 个责任单位均已匹配到机构',
      'imp.units_alias': '其中 {n} 个通过别名匹配',
      'imp.unit_ph': '输入单位名称后回车',
      'imp.unmapped': '未对应',
      'imp.delete': '删除',
      'imp.add_target': '新增目标',
      'imp.add_task': '新增任务',
      'imp.units_none': '任务中尚无责任单位',
      'imp.participant_fixed': '建设主体在提取时选定;如需更改,请返回修改原文后重新提取',
      'imp.parts': '该文件包含 {n} 篇方案',
      'about.title': '关于本系统',
      'about.version': '版本',
      'about.desc': '创新型城市建设监测评价平台服务国家创新型城市、创新型县(市)及各省同类建设计划,覆盖从实施方案到验收结论的全过程:建设计划与建设主体登记、行政区划与组织机构、指标库、用户与权限、审计日志。',
      'about.offline': '本系统所有页面资源均由服务器本身提供,不访问任何外部网络。',
      'about.components': '前端组件',
      'about.licence': '许可证',
      'about.api': 'API 文档(OpenAPI)',
      'about.user': '当前用户',
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
      'login.title': 'Sign in',
      'login.username': 'Username',
      'login.password': 'Password',
      'login.submit': 'Sign in',
      'login.failed': 'Sign-in failed',
      'login.session_expired': 'Your session has ended, please sign in again',
      'login.footer': 'Authorised users only. Every action is recorded in the audit log.',
      'password.title': 'Change password',
      'password.forced': 'First sign-in or password reset: set a new password before using the system.',
      'password.old': 'Current password',
      'password.new': 'New password',
      'password.confirm': 'Repeat new password',
      'password.policy': 'At least 10 characters, letters and digits, not the username or the current password.',
      'password.mismatch': 'The two new passwords differ',
      'password.too_short': 'At least 10 characters',
      'password.letters_digits': 'Must contain letters and digits',
      'password.changed': 'Password changed',
      'home.programmes': 'Programmes',
      'home.participants': 'Participants',
      'home.status_chart': 'Status by programme',
      'home.status_pie': 'All participants by status',
      'home.recent': 'Recent status changes',
      'home.no_recent': 'No status changes yet',
      'home.no_participants': 'No participants within your scope',
      'home.welcome': 'Welcome, {name}',
      'programme.code': 'Code',
      'programme.name': 'Name',
      'programme.description': 'Description',
      'programme.batches': 'Batches',
      'programme.participants': 'Participants',
      'batch.code': 'Batch code',
      'batch.name': 'Batch',
      'batch.approved_on': 'Approved on',
      'batch.note': 'Note',
      'batch.count': 'Participants',
      'participant.region': 'Region',
      'participant.programme': 'Programme',
      'participant.batch': 'Batch',
      'participant.theme': 'Theme',
      'participant.period': 'Construction period',
      'participant.acceptance_year': 'Acceptance year',
      'participant.period_from': 'from {y}',
      'participant.period_until': 'until {y}',
      'participant.status': 'Status',
      'participant.updated_at': 'Updated',
      'participant.history': 'Status history',
      'participant.transitions': 'Change status',
      'participant.final_status': 'This status is final: no further change is possible.',
      'participant.no_permission': 'Your role may not change the status (administrators, coordinators and reviewers may).',
      'participant.search_ph': 'Region name or code',
      'participant.facts': 'Facts',
      'transition.title': 'Change status: {from} → {to}',
      'transition.note': 'Note',
      'transition.note_ph': 'e.g. summary and indicator completion submitted',
      'transition.done': 'Status changed to {to}',
      'transition.refused': 'Status change refused',
      'history.initial': 'Initial status',
      'history.by': 'By',
      'region.code': 'Code',
      'region.name': 'Name',
      'region.level': 'Level',
      'region.parent': 'Parent',
      'region.children': 'Subdivisions',
      'region.orgs': 'Organisations',
      'region.participants': 'Participants',
      'region.filter': 'Filter by name or code',
      'region.pick': 'Pick a region in the tree',
      'region.tree': 'Region tree',
      'region.code_invalid': 'Six digits (GB/T 2260)',
      'org.name': 'Name',
      'org.kind': 'Kind',
      'org.region': 'Region',
      'org.aliases': 'Aliases',
      'org.aliases_ph': 'Type an alias and press Enter',
      'org.users': 'Users',
      'org.search_ph': 'Name or alias, e.g. 市发改委',
      'org.create': 'New organisation',
      'org.lookup': 'Find by alias',
      'org.lookup_ph': 'Short name or alias, e.g. 市发改委',
      'org.lookup_none': 'No organisation is named or aliased “{name}”',
      'org.edit': 'Edit organisation',
      'ind.code': 'Code',
      'ind.name_zh': 'Chinese name',
      'ind.name_en': 'English name',
      'ind.synonyms': 'Synonyms',
      'ind.synonyms_ph': 'Type a synonym and press Enter',
      'ind.unit': 'Unit',
      'ind.direction': 'Direction',
      'ind.definition': 'Definition',
      'ind.source_dept': 'Source department',
      'ind.formula': 'Formula',
      'ind.aggregation': 'Aggregation',
      'ind.unverified': 'Unverified',
      'ind.unverified_hint': 'The definition has not been checked against a published source.',
      'ind.search_ph': 'Code, name or synonym',
      'ind.create': 'New indicator',
      'ind.edit': 'Edit indicator',
      'user.username': 'Username',
      'user.display_name': 'Name',
      'user.role': 'Role',
      'user.org': 'Organisation',
      'user.disabled': 'Disabled',
      'user.enabled': 'Active',
      'user.state': 'State',
      'user.must_change': 'Must change password',
      'user.last_login': 'Last sign-in',
      'user.password': 'Initial password',
      'user.create': 'New user',
      'user.edit': 'Edit user',
      'user.reset_pw': 'Reset password',
      'user.reset_pw_title': 'Reset the password of {name}',
      'user.new_password': 'New password',
      'user.reset_done': 'Password reset; the user must change it at next sign-in',
      'user.search_ph': 'Username or name',
      'user.org_ph': 'Type to search organisations',
      'audit.at': 'Time',
      'audit.user': 'User',
      'audit.action': 'Action',
      'audit.entity': 'Entity',
      'audit.entity_id': 'Entity id',
      'audit.before': 'Before',
      'audit.after': 'After',
      'audit.date_range': 'Dates',
      'audit.from': 'From',
      'audit.to': 'To',
      'audit.system': 'System',
      'audit.user_ph': 'Username',
      'action.create': 'Create',
      'action.update': 'Update',
      'action.delete': 'Delete',
      'action.login': 'Sign in',
      'action.logout': 'Sign out',
      'action.login_failed': 'Failed sign-in',
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
      // plans (实施方案): pages in plans.js
      'nav.plans': 'Implementation plans',
      'nav.plan_import': 'Import a plan',
      'plan.participant': 'Participant',
      'plan.title': 'Title',
      'plan.issuer': 'Issuer',
      'plan.doc_number': 'Document no.',
      'plan.doc_date': 'Date',
      'plan.revision': 'Revision',
      'plan.revision_n': 'Revision {n}',
      'plan.revisions': 'Revisions',
      'plan.superseded': 'Superseded',
      'plan.status.current': 'Current',
      'plan.status.superseded': 'Superseded',
      'plan.show_superseded': 'Show superseded revisions',
      'plan.none': 'No implementation plans yet',
      'plan.created_at': 'Imported',
      'plan.counts': 'Items',
      'plan.counts_text': '{targets} targets · {tasks} tasks',
      'plan.targets': 'Targets',
      'plan.tasks': 'Tasks',
      'plan.phases': 'Phases',
      'plan.matrix': 'Responsibility matrix',
      'plan.text': 'Original text',
      'plan.no_text': 'No original text is stored for this plan',
      'plan.not_in_text': 'This item was not found in the original text (added or edited by hand at import)',
      'plan.text_hint': 'Click a target, task or phase row to find it here; click a mark to go back to its row.',
      'plan.export': 'Export Excel',
      'plan.indicator_text': 'Indicator (as written)',
      'plan.indicator': 'Library indicator',
      'plan.comparator': 'Comparator',
      'plan.value': 'Value',
      'plan.value_max': 'Upper bound',
      'plan.unit': 'Unit',
      'plan.year': 'Year',
      'plan.kind': 'Kind',
      'plan.delta': 'Change',
      'plan.level': 'Level',
      'plan.delta_hint': 'Checked: a change (annual growth, +N percentage points); unchecked: a level',
      'plan.source_text': 'Source text',
      'plan.target_fields': 'Target (indicator, comparator, value, unit, year)',
      'plan.task_fields': 'Task and responsible units',
      'plan.cmp.ge': 'at least',
      'plan.cmp.gt': 'more than',
      'plan.cmp.le': 'at most',
      'plan.cmp.lt': 'less than',
      'plan.cmp.eq': 'equal to',
      'plan.cmp.approx': 'about',
      'plan.cmp.range': 'Range',
      'plan.number': 'No.',
      'plan.task_title': 'Task',
      'plan.lead': 'Lead units',
      'plan.cooperating': 'Cooperating units',
      'plan.joint': 'Joint',
      'plan.joint_hint': 'Shared duty, each according to its remit (no lead)',
      'plan.joint_units': 'Jointly responsible',
      'plan.deadline': 'Deadline',
      'plan.role.lead': 'Lead',
      'plan.role.coop': 'Coop.',
      'plan.role.joint': 'Joint',
      'plan.dept_filter': 'Department:',
      'plan.all_depts': 'All departments',
      'plan.my_dept': 'Mine ({name})',
      'plan.org_counts': 'lead {lead} · coop. {coop} · joint {joint}',
      'plan.task_count': 'Showing {n} of {total} tasks',
      'plan.matrix_hint': 'Rows are tasks, columns departments (by number of tasks led); totals at the bottom.',
      'plan.total_role': '{role} total',
      'plan.phase_text': 'Phase',
      'plan.phase_kind': 'Kind',
      'plan.phase_years': 'Years',
      'plan.phase.plan_period': 'Plan period',
      'plan.phase.milestone': 'Milestone',
      'plan.phase.relative': 'Recurring',
      'plan.phase.deadline': 'Deadline',
      'plan.warn.pinyin_removed': 'Pinyin annotations removed',
      'plan.warn.traditional_converted': 'Traditional characters converted',
      'plan.warn.year_placeholder': 'Year placeholder',
      'plan.warn.mojibake': 'Garbled characters (mojibake)',
      'plan.warn.watermark': 'Watermark lines recognised',
      'plan.warn.truncated': 'The text seems truncated',
      'plan.warn.demo': 'Demo data',
      'plan.warn.other': 'Note ({kind})',
      'plan.warn_count': ' ({n})',
      'plan.warn_quote': ': “{text}”',
      'participant.plans': 'Implementation plans',
      'imp.intro': 'Paste the full plan or upload a .txt/.docx file: the text is repaired and its targets, tasks and responsible units extracted. Nothing is saved until you have reviewed and confirmed.',
      'imp.pick_participant': 'Choose the participant',
      'imp.source': 'Source',
      'imp.paste': 'Paste text',
      'imp.upload': 'Upload a file',
      'imp.text': 'Full text',
      'imp.text_ph': 'Paste the implementation plan here',
      'imp.chars': '{n} characters',
      'imp.file': 'File',
      'imp.choose_file': 'Choose a file',
      'imp.file_hint': '.txt (UTF-8 or GBK) or .docx, at most 5 MB; the file is read in the browser and sent.',
      'imp.file_type': 'Unsupported file type: {name} (only .txt and .docx)',
      'imp.file_size': 'File too large: {name} (at most 5 MB)',
      'imp.file_read': 'Cannot read the file {name}',
      'imp.published': 'Publication date',
      'imp.published_ph': 'Optional',
      'imp.published_hint': 'Used to resolve relative years such as 今年 when the text has no date.',
      'imp.extract': 'Extract',
      'imp.nothing_saved': 'Extracting saves nothing',
      'imp.review': 'Review the extraction',
      'imp.back': 'Back to the text',
      'imp.confirm': 'Confirm and save',
      'imp.confirm_revision': 'Confirm and save as a new revision',
      'imp.saved': 'Plan saved (revision {n})',
      'imp.dup_title': 'This document was imported before',
      'imp.dup_text': 'A plan from the same document (same number or same text) exists. How should this one be saved?',
      'imp.dup_new': 'As a separate new plan',
      'imp.dup_revision': 'As a new revision ({next}) of “{title}” (revision {n})',
      'imp.dup_same_text': 'identical text',
      'imp.dup_open': 'Open the existing plan “{title}”',
      'imp.text_repaired': 'Repaired text',
      'imp.warnings': 'Warnings',
      'imp.no_warnings': 'No problems found in the text',
      'imp.pending_units': 'Units to confirm ({n})',
      'imp.pending_hint': 'These unit names match no organisation. Map each to an existing organisation (the name becomes its alias) or create a new one.',
      'imp.unit_map': 'Existing organisation',
      'imp.unit_create': 'New organisation',
      'imp.unit_choose': 'Choose an organisation or create one',
      'imp.pick_org': 'Type to search organisations',
      'imp.units_ok': 'All {n} responsible units match an organisation',
      'imp.units_alias': '{n} of them through an alias',
      'imp.unit_ph': 'Type a unit name and press Enter',
      'imp.unmapped': 'Unmapped',
      'imp.delete': 'Delete',
      'imp.add_target': 'Add target',
      'imp.add_task': 'Add task',
      'imp.units_none': 'No responsible units in the tasks yet',
      'imp.participant_fixed': 'The participant was chosen for the extraction; go back to the text to change it',
      'imp.parts': 'This file holds {n} plans',
      'about.title': 'About',
      'about.version': 'Version',
      'about.desc': 'innocity runs China\'s innovation-driven development programmes (national innovative cities and counties and the provincial programmes modelled on them), from the plan document to the acceptance decision: programme registry and participants, regions and organisations, indicator library, users and roles, audit log.',
      'about.offline': 'Every page asset is served by the server itself; the UI makes no external requests.',
      'about.components': 'Front-end components',
      'about.licence': 'Licence',
      'about.api': 'API document (OpenAPI)',
      'about.user': 'Signed in as',
      'notfound.title': 'Page not found',
      'notfound.back': 'Back to home',
      'err.forbidden': 'Forbidden',
      'err.not_found': 'Not found, or outside your scope',
    },
  };

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

  const LANG_KEY = 'innocity.lang';
  const storedLang = (function () {
    try { return localStorage.getItem(LANG_KEY); } catch (e) { return null; }
  })();

  const store = reactive({
    lang: storedLang === 'en' ? 'en' : 'zh',
    user: null,
    csrf: null,
    meta: null,
    crumbs: [],
    booted: false,
  });

  function t(key, params) {
    let s = (messages[store.lang] && messages[store.lang][key]);
    if (s === undefined) s = messages.zh[key];
    if (s === undefined) return key;
    if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? params[k] : m));
    return s;
  }

  function setLang(lang) {
    store.lang = lang === 'en' ? 'en' : 'zh';
    try { localStorage.setItem(LANG_KEY, store.lang); } catch (e) { /* private mode */ }
    document.documentElement.lang = store.lang === 'en' ? 'en' : 'zh-CN';
  }
  document.documentElement.lang = store.lang === 'en' ? 'en' : 'zh-CN';

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

  // ---------------------------------------------------------------- roles
  const can = {
    transition: (u) => !!u && ['admin', 'coordinator', 'reviewer'].includes(u.role),
    admin: (u) => !!u && u.role === 'admin',
    audit: (u) => !!u && ['admin', 'coordinator'].includes(u.role),
  };

  // ---------------------------------------------------------------- router
  const routes = [];
  const route = reactive({ path: '/', name: '', params: {}, query: {}, fullPath: '/' });

  function addRoute(path, name, opts) {
    const keys = [];
    const re = new RegExp('^' + path.replace(/:(\w+)/g, (m, k) => { keys.push(k); return '([^/]+)'; }) + '/?$');
    routes.push(Object.assign({ path, name, re, keys }, opts || {}));
  }

  function parseHash() {
    const h = decodeURI(location.hash.replace(/^#/, '')) || '/';
    const qi = h.indexOf('?');
    const path = qi >= 0 ? h.slice(0, qi) : h;
    const query = {};
    if (qi >= 0) {
      new URLSearchParams(h.slice(qi + 1)).forEach((v, k) => { query[k] = v; });
    }
    return { path: path || '/', query, fullPath: h };
  }

  function resolve() {
    const { path, query, fullPath } = parseHash();
    for (const r of routes) {
      const m = path.match(r.re);
      if (m) {
        const params = {};
        r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
        return { route: r, path, query, fullPath, params };
      }
    }
    return { route: null, path, query, fullPath, params: {} };
  }

  const guards = [];
  function syncRoute() {
    const r = resolve();
    for (const g of guards) {
      const redirect = g(r);
      if (redirect && redirect !== r.fullPath) { push(redirect, true); return; }
    }
    const changed = route.fullPath !== r.fullPath || !route.name;
    route.path = r.path;
    route.name = r.route ? r.route.name : 'notfound';
    route.params = r.params;
    route.query = r.query;
    route.fullPath = r.fullPath;
    if (changed) {
      store.crumbs = [];
      window.scrollTo(0, 0);
    }
  }

  function push(path, replace) {
    const target = '#' + path;
    if (location.hash === target) { syncRoute(); return; }
    if (replace) location.replace(target); else location.hash = target;
  }

  function withQuery(path, q) {
    const parts = [];
    Object.keys(q || {}).forEach((k) => {
      const v = q[k];
      if (v !== undefined && v !== null && v !== '') parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(v));
    });
    return parts.length ? path + '?' + parts.join('&') : path;
  }

  window.addEventListener('hashchange', syncRoute);

  // ---------------------------------------------------------------- API client
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

  // The server answers in English where it knows the message (Accept-Language below); what
  // is still Chinese gets a generic English message by its code (the Chinese original is
  // kept for conflicts, whose text names the records involved).
  const enErrors = {
    unauthenticated: 'Wrong username or password, or your session has ended',
    locked: 'The account is locked after repeated failed sign-ins; try again later',
    throttled: 'Too many attempts; please wait a moment',
    csrf: 'Security token missing or invalid; reload the page',
    forbidden: 'You are not allowed to do this',
    password_change_required: 'Change your password first',
    not_found: 'Not found, or outside your scope',
    internal: 'Server error; please try again later',
    invalid: 'Please correct the marked fields',
    bad_request: 'The request was malformed',
  };
  function localizeError(err) {
    if (store.lang !== 'en') return;
    if (err.message && !/[\u4e00-\u9fff]/.test(err.message)) return; // the server answered in English
    if (enErrors[err.code]) err.message = enErrors[err.code];
    else if (err.code === 'transition') err.message = 'Status change refused: ' + err.message;
    else if (err.status === 409) err.message = 'Conflict: ' + err.message;
  }

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
    // field errors come back in the UI's language (the server keeps Chinese as canonical)
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
    localizeError(err);
    if (res.status === 401 && !opts.allow401) {
      const wasIn = !!store.user;
      store.user = null;
      store.csrf = null;
      if (route.name !== 'login') {
        if (wasIn) ElementPlus.ElMessage.warning(t('login.session_expired'));
        push(withQuery('/login', { next: route.fullPath !== '/login' ? route.fullPath : '' }), true);
      }
      throw err;
    }
    if (res.status === 403 && err.code === 'password_change_required') {
      if (store.user) store.user.must_change_password = true;
      push('/password', true);
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
      store.user = r.user;
      store.csrf = r.csrf_token;
    } catch (e) {
      store.user = null;
      store.csrf = null;
    }
  }

  async function logout() {
    try { await api.post('/auth/logout', undefined, { quiet: true, allow401: true }); } catch (e) { /* already gone */ }
    store.user = null;
    store.csrf = null;
    push('/login');
  }

  /** Downloads every page of a list (per_page 200) and saves it as a UTF-8 CSV (with BOM, for Excel). */
  async function exportCsv(path, params, columns, filename) {
    const rows = [];
    let page = 1;
    for (;;) {
      const r = await api.get(path, Object.assign({}, params, { page, per_page: 200 }));
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
  function applyFieldErrors(target, err) {
    Object.keys(target).forEach((k) => { target[k] = ''; });
    if (err && err.fields) Object.keys(err.fields).forEach((k) => { target[k] = err.fields[k]; });
  }
  function clearFieldErrors(target) {
    Object.keys(target).forEach((k) => { target[k] = ''; });
  }

  /** el-form rules helpers */
  const rules = {
    required: (trigger) => ({ required: true, message: () => t('common.required'), trigger: trigger || 'blur' }),
    max: (n) => ({ max: n, message: () => t('common.too_long', { n }), trigger: 'blur' }),
  };

  window.IC = {
    messages, store, t, setLang, codeLabel, codeOptions, progName, fmtTime, period,
    statusTagType, statusColor, statusOrder, can,
    route, routes, addRoute, push, withQuery, guards, syncRoute,
    api, ApiError, loadMeta, loadMe, logout, exportCsv, applyFieldErrors, clearFieldErrors, rules,
    isZh: computed(() => store.lang === 'zh'),
  };
})();
