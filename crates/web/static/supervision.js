/* innocity web UI — task supervision (督查督办): my tasks and all tasks with filters, the task
 * page (loop actions, milestone timeline, 催办, evidence files, colour history), the
 * notification centre and the unit ranking. Loaded after pages.js and before app.js; adds its
 * pages to IC.pages and its messages to IC.messages. */
(function () {
  'use strict';
  const { reactive, ref, computed, watch, onMounted } = Vue;
  const IC = window.IC;
  const { store, t, api, route, push } = IC;

  Object.assign(IC.messages.zh, {
    'nav.supervision_group': '督查督办',
    'nav.tasks': '任务督办',
    'nav.notifications': '通知中心',
    'nav.scores': '考评排名',
    'sv.mine': '我的任务',
    'sv.all': '全部任务',
    'sv.take_over': '从实施方案交办',
    'sv.plan': '实施方案',
    'sv.due': '办结时限',
    'sv.assign_now': '立即交办',
    'sv.take_over_done': '已交办 {n} 项任务,跳过 {m} 项',
    'sv.ledger': '导出台账',
    'sv.task': '任务',
    'sv.lead': '牵头单位',
    'sv.coop': '配合单位',
    'sv.progress': '进展',
    'sv.status': '状态',
    'sv.colour': '预警',
    'sv.next': '下一时限',
    'sv.department': '责任单位',
    'sv.region': '地区',
    'sv.person': '责任人',
    'sv.any': '全部',
    'sv.units': '责任单位',
    'sv.part.lead': '牵头',
    'sv.part.coop': '配合',
    'sv.part.joint': '共同负责',
    'sv.milestones': '节点与时限',
    'sv.events': '办理过程',
    'sv.urges': '催办',
    'sv.files': '佐证材料',
    'sv.colour_history': '预警记录',
    'sv.reasons': '预警原因',
    'sv.no_reasons': '无预警',
    'sv.act.assign': '交办',
    'sv.act.sign': '签收',
    'sv.act.report': '报送进展',
    'sv.act.request_close': '申请办结',
    'sv.act.approve': '审核通过(销号)',
    'sv.act.send_back': '退回',
    'sv.act.reopen': '重新打开',
    'sv.ev.contribution': '配合单位报送',
    'sv.text': '说明',
    'sv.progress_pct': '完成进度(%)',
    'sv.milestones_done': '已完成节点',
    'sv.urge': '催办',
    'sv.urge_org': '催办单位',
    'sv.answer_days': '答复期限(天)',
    'sv.answer': '答复',
    'sv.answer_due': '答复期限',
    'sv.answered': '已答复',
    'sv.unanswered': '待答复',
    'sv.upload': '上传佐证材料',
    'sv.upload_hint': 'PDF、图片、Word、Excel 或文本,最大 5 MB',
    'sv.done': '已完成',
    'sv.unread': '未读',
    'sv.mark_read': '标为已读',
    'sv.mark_all_read': '全部标为已读',
    'sv.no_notes': '没有通知',
    'sv.from': '开始日期',
    'sv.to': '结束日期',
    'sv.rank': '排名',
    'sv.score': '得分',
    'sv.on_time': '按时报告',
    'sv.missed': '未按时报告',
    'sv.overdue_days': '逾期天数',
    'sv.completed': '按期办结',
    'sv.completed_late': '逾期办结',
    'sv.late_signs': '逾期签收',
    'sv.timeliness': '报告及时率',
    'sv.rule_text': '计分规则:按时报告 +{on_time_report};未按时报告 −{missed_report};每逾期一天 −{overdue_day};按期办结 +{completion},逾期办结 +{late_completion};逾期签收 −{late_sign};配合单位按 {coop_weight} 计。',
    'sv.today': '今天:{d}',
    'sv.dl.sign': '签收时限',
    'sv.dl.milestone': '节点',
    'sv.dl.final': '办结时限',
    'sv.dl.report': '进展报送时限',
    'sv.bulletin': '生成情况通报',
    'sv.rules': '预警、提醒与计分规则',
    'sv.rules_saved': '规则已保存',
    'sv.add_milestone': '新增节点',
    'sv.milestone_title': '节点名称',
    'sv.phone': '电话',
    'sv.rule.number': '请填写数字',
    'sv.rule.blue_days': '蓝色预警:距时限天数 ≤',
    'sv.rule.sign_days': '签收时限(天)',
    'sv.rule.report_grace_days': '报告宽限(期末后天数)',
    'sv.rule.behind_tolerance': '进度滞后容差(百分点)',
    'sv.rule.cadence': '报告周期',
    'sv.rule.monthly': '每月',
    'sv.rule.quarterly': '每季度',
    'sv.rule.remind_before': '时限前提醒(天,逗号分隔)',
    'sv.rule.remind_after': '逾期后提醒(天,逗号分隔)',
    'sv.rule.score.on_time_report': '按时报告加分',
    'sv.rule.score.missed_report': '未按时报告扣分',
    'sv.rule.score.overdue_day': '每逾期一天扣分',
    'sv.rule.score.completion': '按期办结加分',
    'sv.rule.score.late_completion': '逾期办结加分',
    'sv.rule.score.late_sign': '逾期签收扣分',
    'sv.rule.score.coop_weight': '配合单位计分系数',
    'sv.act.units': '调整责任单位',
    'sv.edit_units': '调整责任单位',
    'sv.part': '职责',
    'sv.add_unit': '增加单位',
    'sv.remove': '移除',
    'sv.reason': '调整理由',
    'sv.units_hint': '已交办的任务中被移除的单位改为“已调出”:其报送、答复、材料和调出前的考评予以保留,仍可查看本任务。',
    'sv.former': '已调出 {d}',
    'sv.added': '{d} 调入',
    'sv.milestones_edit': '已有节点',
    'sv.delete': '删除',
    'sv.deleted': '将删除',
    'sv.undo': '撤销',
    'sv.done_locked': '已完成的节点只能改名称',
    'sv.subtasks': '子任务',
    'sv.split': '拆分子任务',
    'sv.new_task': '新建任务',
    'sv.participant': '参与城市/县',
    'sv.parent': '上级任务',
    'sv.created': '任务已创建(待交办)',
    'sv.attach_to': '附于进展报告',
    'sv.attach_none': '(整个任务)',
  });
  Object.assign(IC.messages.en, {
    'nav.supervision_group': 'Supervision',
    'nav.tasks': 'Supervised tasks',
    'nav.notifications': 'Notifications',
    'nav.scores': 'Unit ranking',
    'sv.mine': 'My tasks',
    'sv.all': 'All tasks',
    'sv.take_over': 'Assign from a plan',
    'sv.plan': 'Plan',
    'sv.due': 'Deadline',
    'sv.assign_now': 'Assign now',
    'sv.take_over_done': '{n} tasks assigned, {m} skipped',
    'sv.ledger': 'Export ledger',
    'sv.task': 'Task',
    'sv.lead': 'Lead unit',
    'sv.coop': 'Cooperating units',
    'sv.progress': 'Progress',
    'sv.status': 'Status',
    'sv.colour': 'Warning',
    'sv.next': 'Next deadline',
    'sv.department': 'Unit',
    'sv.region': 'Region',
    'sv.person': 'Responsible person',
    'sv.any': 'All',
    'sv.units': 'Units',
    'sv.part.lead': 'Lead',
    'sv.part.coop': 'Cooperating',
    'sv.part.joint': 'Shared duty',
    'sv.milestones': 'Milestones and deadlines',
    'sv.events': 'History',
    'sv.urges': 'Urgings',
    'sv.files': 'Evidence',
    'sv.colour_history': 'Warning history',
    'sv.reasons': 'Reasons',
    'sv.no_reasons': 'No warning',
    'sv.act.assign': 'Assign',
    'sv.act.sign': 'Sign for it',
    'sv.act.report': 'Report progress',
    'sv.act.request_close': 'Request closing',
    'sv.act.approve': 'Approve (close)',
    'sv.act.send_back': 'Send back',
    'sv.act.reopen': 'Re-open',
    'sv.ev.contribution': 'Contribution',
    'sv.text': 'Text',
    'sv.progress_pct': 'Progress (%)',
    'sv.milestones_done': 'Milestones done',
    'sv.urge': 'Urge',
    'sv.urge_org': 'Unit',
    'sv.answer_days': 'Days to answer',
    'sv.answer': 'Answer',
    'sv.answer_due': 'Answer due',
    'sv.answered': 'Answered',
    'sv.unanswered': 'Waiting',
    'sv.upload': 'Upload evidence',
    'sv.upload_hint': 'PDF, image, Word, Excel or text, at most 5 MB',
    'sv.done': 'Done',
    'sv.unread': 'Unread',
    'sv.mark_read': 'Mark read',
    'sv.mark_all_read': 'Mark all read',
    'sv.no_notes': 'No notifications',
    'sv.from': 'From',
    'sv.to': 'To',
    'sv.rank': 'Rank',
    'sv.score': 'Score',
    'sv.on_time': 'On-time reports',
    'sv.missed': 'Missed reports',
    'sv.overdue_days': 'Overdue days',
    'sv.completed': 'Closed in time',
    'sv.completed_late': 'Closed late',
    'sv.late_signs': 'Late signs',
    'sv.timeliness': 'Report timeliness',
    'sv.rule_text': 'Rule: on-time report +{on_time_report}; missed report −{missed_report}; each overdue day −{overdue_day}; closed in time +{completion}, late +{late_completion}; late sign −{late_sign}; cooperating units count {coop_weight}.',
    'sv.today': 'Today: {d}',
    'sv.dl.sign': 'Sign by',
    'sv.dl.milestone': 'Milestone',
    'sv.dl.final': 'Final deadline',
    'sv.dl.report': 'Progress report due',
    'sv.bulletin': 'Generate bulletin',
    'sv.rules': 'Warning, reminder and scoring rules',
    'sv.rules_saved': 'Rules saved',
    'sv.add_milestone': 'Add a milestone',
    'sv.milestone_title': 'Milestone',
    'sv.phone': 'Phone',
    'sv.rule.number': 'Enter a number',
    'sv.rule.blue_days': 'Blue: days to a deadline ≤',
    'sv.rule.sign_days': 'Days to sign',
    'sv.rule.report_grace_days': 'Report grace (days after period)',
    'sv.rule.behind_tolerance': 'Behind-plan tolerance (points)',
    'sv.rule.cadence': 'Report cadence',
    'sv.rule.monthly': 'Monthly',
    'sv.rule.quarterly': 'Quarterly',
    'sv.rule.remind_before': 'Remind before (days, comma-separated)',
    'sv.rule.remind_after': 'Remind after (days, comma-separated)',
    'sv.rule.score.on_time_report': 'On-time report',
    'sv.rule.score.missed_report': 'Missed report (deduction)',
    'sv.rule.score.overdue_day': 'Per overdue day (deduction)',
    'sv.rule.score.completion': 'Closed in time',
    'sv.rule.score.late_completion': 'Closed late',
    'sv.rule.score.late_sign': 'Late sign (deduction)',
    'sv.rule.score.coop_weight': 'Cooperating unit weight',
    'sv.act.units': 'Units changed',
    'sv.edit_units': 'Change units',
    'sv.part': 'Part',
    'sv.add_unit': 'Add a unit',
    'sv.remove': 'Remove',
    'sv.reason': 'Reason',
    'sv.units_hint': 'On an assigned task a removed unit is taken off: its reports, answers, files and its score until today are kept, and it can still read the task.',
    'sv.former': 'Taken off {d}',
    'sv.added': 'Added {d}',
    'sv.milestones_edit': 'Milestones',
    'sv.delete': 'Delete',
    'sv.deleted': 'To be deleted',
    'sv.undo': 'Undo',
    'sv.done_locked': 'A done milestone keeps its due date',
    'sv.subtasks': 'Sub-tasks',
    'sv.split': 'Split off a sub-task',
    'sv.new_task': 'New task',
    'sv.participant': 'City / county',
    'sv.parent': 'Parent task',
    'sv.created': 'Task created (draft)',
    'sv.attach_to': 'For the report',
    'sv.attach_none': '(the whole task)',
  });

  IC.can.coordinate = (u) => !!u && ['admin', 'coordinator'].includes(u.role);

  const crumbs = (...c) => { store.crumbs = c; };
  const COLOUR_TAG = { green: 'success', blue: 'primary', yellow: 'warning', red: 'danger' };
  const STATUSES = ['draft', 'assigned', 'signed', 'closing', 'closed'];
  const STATUS_ZH = { draft: '待交办', assigned: '待签收', signed: '办理中', closing: '待审核', closed: '已销号' };
  const STATUS_EN = { draft: 'Draft', assigned: 'To sign', signed: 'In progress', closing: 'Under review', closed: 'Closed' };
  const COLOUR_ZH = { green: '正常', blue: '蓝色预警', yellow: '黄色预警', red: '红色预警' };
  const COLOUR_EN = { green: 'Normal', blue: 'Blue', yellow: 'Yellow', red: 'Red' };
  const statusLabel = (s) => (store.lang === 'en' ? STATUS_EN : STATUS_ZH)[s] || s;
  const colourLabel = (c) => (store.lang === 'en' ? COLOUR_EN : COLOUR_ZH)[c] || c;
  const unitNames = (tk, parts) => tk.units.filter((u) => parts.includes(u.part)).map((u) => u.org_name).join('、');
  const pct = (v) => (v === null || v === undefined ? '' : Math.round(v) + '%');

  function toBase64(buf) {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  // ------------------------------------------------------------------ new task / sub-task
  /* A dialog creating a task by hand (with a participant) or a sub-task (parent-id): title,
   * deadline, units with their parts and persons, one optional milestone. Emits `created`
   * with the new task's detail. */
  IC.components.SvNewTask = {
    props: { modelValue: Boolean, parentId: { type: Number, default: null }, orgs: { type: Array, default: () => [] }, defaultUnits: { type: Array, default: () => [] } },
    emits: ['update:modelValue', 'created'],
    setup(props, { emit }) {
      const f = reactive({ participant_id: '', title: '', due: '', ms_title: '', ms_due: '', units: [], busy: false });
      const errs = reactive({});
      const participants = ref([]);
      watch(() => props.modelValue, async (open) => {
        if (!open) return;
        Object.assign(f, { participant_id: '', title: '', due: '', ms_title: '', ms_due: '',
          units: props.defaultUnits.length ? props.defaultUnits.map((u) => ({ org_id: u.org_id, part: u.part, person: '' })) : [{ org_id: '', part: 'lead', person: '' }] });
        Object.keys(errs).forEach((k) => { delete errs[k]; });
        if (!props.parentId && !participants.value.length) {
          try { participants.value = (await api.get('/participants', { per_page: 200 })).items; } catch (e) { /* none */ }
        }
      });
      async function save() {
        f.busy = true;
        try {
          const body = {
            title: f.title, due: f.due || null,
            units: f.units.filter((u) => u.org_id !== '').map((u) => ({ org_id: Number(u.org_id), part: u.part, person: u.person || null })),
            milestones: f.ms_title || f.ms_due ? [{ title: f.ms_title, due: f.ms_due }] : [],
          };
          if (props.parentId) body.parent_id = props.parentId; else body.participant_id = f.participant_id ? Number(f.participant_id) : null;
          const d = await api.post('/supervision/tasks', body);
          ElementPlus.ElMessage.success(t('sv.created'));
          emit('update:modelValue', false);
          emit('created', d);
        } catch (e) {
          Object.keys(errs).forEach((k) => { delete errs[k]; });
          if (e.fields) Object.assign(errs, e.fields);
        } finally { f.busy = false; }
      }
      const pname = (p) => (p.region && p.region.name ? p.region.name : (p.region_name || ('#' + p.id))) + (p.theme ? ' · ' + p.theme : '');
      return { f, errs, participants, save, pname, t, emit };
    },
    template: `<el-dialog :model-value="modelValue" @update:model-value="emit('update:modelValue', $event)" :title="parentId ? t('sv.split') : t('sv.new_task')" width="680px">
      <el-form label-width="110px" data-test="sv-new-form">
        <el-form-item v-if="!parentId" :label="t('sv.participant')" :error="errs.participant_id">
          <el-select v-model="f.participant_id" filterable style="width: 100%" data-test="sv-new-participant">
            <el-option v-for="p in participants" :key="p.id" :label="pname(p)" :value="p.id"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="t('sv.task')" :error="errs.title"><el-input v-model="f.title" id="sv-new-title"></el-input></el-form-item>
        <el-form-item :label="t('sv.due')" :error="errs.due"><el-input v-model="f.due" placeholder="YYYY-MM-DD" id="sv-new-due"></el-input></el-form-item>
        <el-form-item :label="t('sv.units')" :error="errs.units">
          <div v-for="(u, i) in f.units" :key="i" class="mb" style="width: 100%">
            <el-select v-model="u.org_id" filterable style="width: 200px" :data-test="'sv-new-org-' + i">
              <el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id"></el-option>
            </el-select>
            <el-select v-model="u.part" style="width: 110px; margin-left: 8px" :data-test="'sv-new-part-' + i">
              <el-option v-for="p in ['lead', 'coop', 'joint']" :key="p" :label="t('sv.part.' + p)" :value="p"></el-option>
            </el-select>
            <el-input v-model="u.person" :placeholder="t('sv.person')" style="width: 120px; margin-left: 8px"></el-input>
            <el-button link type="danger" class="ml" @click="f.units.splice(i, 1)">{{ t('sv.remove') }}</el-button>
            <div v-if="errs['units[' + i + '].org_id'] || errs['units[' + i + '].part']" class="el-form-item__error" style="position: static">{{ errs['units[' + i + '].org_id'] || errs['units[' + i + '].part'] }}</div>
          </div>
          <el-button size="small" @click="f.units.push({ org_id: '', part: 'coop', person: '' })" data-test="sv-new-add-unit">{{ t('sv.add_unit') }}</el-button>
        </el-form-item>
        <el-form-item :label="t('sv.add_milestone')" :error="errs['milestones[0].title'] || errs['milestones[0].due']">
          <el-input v-model="f.ms_title" :placeholder="t('sv.milestone_title')" style="width: 260px" id="sv-new-ms-title"></el-input>
          <el-input v-model="f.ms_due" placeholder="YYYY-MM-DD" style="width: 140px; margin-left: 8px" id="sv-new-ms-due"></el-input>
        </el-form-item>
      </el-form>
      <template #footer>
        <el-button @click="emit('update:modelValue', false)">{{ t('common.cancel') }}</el-button>
        <el-button type="primary" :loading="f.busy" @click="save" data-test="sv-new-confirm">{{ t('common.confirm') }}</el-button>
      </template>
    </el-dialog>`,
  };

  // ------------------------------------------------------------------ task list
  const TasksPage = {
    setup() {
      const tab = ref(route.query.tab === 'all' ? 'all' : 'mine');
      const f = reactive({ org_id: '', status: '', colour: '', plan_id: '', region: '', person: '' });
      const items = ref([]);
      const today = ref('');
      const loading = ref(false);
      const orgs = ref([]);
      const plans = ref([]);
      const dlg = reactive({ open: false, plan_id: '', due: '', assign: true, busy: false, errs: { plan_id: '', due: '' } });
      const newOpen = ref(false);
      const created = (d) => push('/tasks/' + d.task.id);
      const params = computed(() => (tab.value === 'mine' ? { mine: true } : Object.assign({}, f)));
      async function load() {
        loading.value = true;
        try {
          const r = await api.get('/supervision/tasks', params.value);
          items.value = r.items;
          today.value = r.today;
        } catch (e) { items.value = []; } finally { loading.value = false; }
      }
      onMounted(async () => {
        crumbs({ label: t('nav.tasks') });
        load();
        try { plans.value = (await api.get('/plans')).items; } catch (e) { /* none */ }
        try { orgs.value = (await api.get('/orgs', { per_page: 200 })).items; } catch (e) { /* none */ }
      });
      watch(tab, load);
      const ledgerUrl = computed(() => {
        const q = new URLSearchParams();
        Object.entries(params.value).forEach(([k, v]) => { if (v !== '' && v !== null && v !== undefined) q.append(k, v); });
        const s = q.toString();
        return '/api/v1/supervision/ledger.xlsx' + (s ? '?' + s : '');
      });
      async function takeOver() {
        dlg.busy = true;
        try {
          const r = await api.post('/supervision/from-plan', { plan_id: dlg.plan_id ? Number(dlg.plan_id) : 0, due: dlg.due || null, assign: dlg.assign });
          ElementPlus.ElMessage.success(t('sv.take_over_done', { n: r.created.length, m: Object.keys(r.skipped).length }));
          dlg.open = false;
          tab.value = 'all';
          load();
        } catch (e) { IC.applyFieldErrors(dlg.errs, e); } finally { dlg.busy = false; }
      }
      return { tab, f, items, today, loading, orgs, plans, dlg, newOpen, created, load, ledgerUrl, takeOver, STATUSES, statusLabel, colourLabel, COLOUR_TAG, unitNames, pct, t, IC, store };
    },
    template: `<div>
      <page-card>
        <div class="detail-head">
          <h2>{{ t('nav.tasks') }}</h2>
          <span class="muted small ml" data-test="sv-today">{{ t('sv.today', { d: today }) }}</span>
          <span class="head-actions">
            <el-button v-if="IC.can.coordinate(store.user)" type="primary" @click="dlg.open = true" data-test="sv-take-over">{{ t('sv.take_over') }}</el-button>
            <el-button v-if="IC.can.coordinate(store.user)" @click="newOpen = true" data-test="sv-new">{{ t('sv.new_task') }}</el-button>
            <el-button tag="a" :href="ledgerUrl" download data-test="sv-ledger"><el-icon><icon-download></icon-download></el-icon><span>{{ t('sv.ledger') }}</span></el-button>
          </span>
        </div>
        <el-tabs v-model="tab" data-test="sv-tabs">
          <el-tab-pane :label="t('sv.mine')" name="mine"></el-tab-pane>
          <el-tab-pane :label="t('sv.all')" name="all"></el-tab-pane>
        </el-tabs>
        <el-form v-if="tab === 'all'" inline class="filters" @submit.prevent="load">
          <el-form-item :label="t('sv.department')">
            <el-select v-model="f.org_id" clearable filterable :placeholder="t('sv.any')" style="width: 200px" data-test="sv-filter-org">
              <el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="t('sv.status')">
            <el-select v-model="f.status" clearable :placeholder="t('sv.any')" style="width: 120px" data-test="sv-filter-status">
              <el-option v-for="s in STATUSES" :key="s" :label="statusLabel(s)" :value="s"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="t('sv.colour')">
            <el-select v-model="f.colour" clearable :placeholder="t('sv.any')" style="width: 120px" data-test="sv-filter-colour">
              <el-option v-for="c in ['red', 'yellow', 'blue', 'green']" :key="c" :label="colourLabel(c)" :value="c"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="t('sv.plan')">
            <el-select v-model="f.plan_id" clearable :placeholder="t('sv.any')" style="width: 220px">
              <el-option v-for="p in plans" :key="p.id" :label="p.title" :value="p.id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="t('sv.region')">
            <region-select v-model="f.region" style="width: 180px"></region-select>
          </el-form-item>
          <el-form-item :label="t('sv.person')">
            <el-input v-model="f.person" clearable style="width: 120px" data-test="sv-filter-person"></el-input>
          </el-form-item>
          <el-form-item><el-button type="primary" @click="load" data-test="sv-filter-search">{{ t('common.search') }}</el-button></el-form-item>
        </el-form>
        <el-table :data="items" v-loading="loading" border stripe :empty-text="t('common.empty')" data-test="sv-tasks">
          <el-table-column :label="t('sv.colour')" width="100">
            <template #default="{ row }"><el-tag :type="COLOUR_TAG[row.colour]" effect="dark" size="small" :data-test="'sv-colour-' + row.id">{{ colourLabel(row.colour) }}</el-tag></template>
          </el-table-column>
          <el-table-column :label="t('sv.task')" min-width="240">
            <template #default="{ row }"><a class="link" :href="'#/tasks/' + row.id" :data-test="'sv-task-' + row.number">{{ row.number }} {{ row.title }}</a></template>
          </el-table-column>
          <el-table-column :label="t('sv.lead')" min-width="140"><template #default="{ row }">{{ unitNames(row, ['lead', 'joint']) }}</template></el-table-column>
          <el-table-column :label="t('sv.coop')" min-width="140"><template #default="{ row }">{{ unitNames(row, ['coop']) }}</template></el-table-column>
          <el-table-column :label="t('sv.due')" prop="due" width="110"></el-table-column>
          <el-table-column :label="t('sv.progress')" width="80"><template #default="{ row }">{{ pct(row.progress) }}</template></el-table-column>
          <el-table-column :label="t('sv.status')" width="100"><template #default="{ row }"><span :data-test="'sv-status-' + row.id">{{ statusLabel(row.status) }}</span></template></el-table-column>
          <el-table-column :label="t('sv.next')" width="170"><template #default="{ row }"><span v-if="row.next_deadline">{{ row.next_deadline.label }} {{ row.next_deadline.due }}</span></template></el-table-column>
        </el-table>
      </page-card>
      <el-dialog v-model="dlg.open" :title="t('sv.take_over')" width="520px">
        <el-form label-width="110px">
          <el-form-item :label="t('sv.plan')" :error="dlg.errs.plan_id">
            <el-select v-model="dlg.plan_id" style="width: 100%" data-test="sv-take-plan">
              <el-option v-for="p in plans" :key="p.id" :label="p.region_name + ' · ' + p.title" :value="p.id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="t('sv.due')" :error="dlg.errs.due">
            <el-input v-model="dlg.due" placeholder="YYYY-MM-DD" id="sv-take-due"></el-input>
          </el-form-item>
          <el-form-item><el-checkbox v-model="dlg.assign">{{ t('sv.assign_now') }}</el-checkbox></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.busy" @click="takeOver" data-test="sv-take-confirm">{{ t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
      <sv-new-task v-model="newOpen" :orgs="orgs" @created="created"></sv-new-task>
    </div>`,
  };

  // ------------------------------------------------------------------ task page
  const TaskPage = {
    setup() {
      const id = route.params.id;
      const d = ref(null);
      const error = ref('');
      const loading = ref(false);
      const form = reactive({ open: false, action: '', text: '', progress: null, person: '', milestones_done: [], busy: false, errs: { text: '', progress: '', person: '' } });
      const urge = reactive({ open: false, org_id: '', text: '', answer_days: 3, busy: false, errs: { org_id: '', text: '', answer_days: '' } });
      const answer = reactive({ open: false, id: 0, text: '', busy: false, errs: { text: '' } });
      const fileErr = ref('');
      const fileEvent = ref('');
      // Reports and contributions a file may be attached to: the caller's own (coordinators: all).
      const reportEvents = computed(() => (d.value ? d.value.events.filter((e) => ['report', 'contribution'].includes(e.kind)
        && (IC.can.coordinate(store.user) || (store.user && store.user.org && e.org_id === store.user.org.id))) : []));
      const filesOf = (eid) => (d.value ? d.value.files.filter((f) => f.event_id === eid) : []);
      const ed = reactive({ open: false, title: '', due: '', ms_title: '', ms_due: '', ms: [], persons: [], busy: false, errs: {} });
      function openEdit() {
        const tk = d.value.task;
        Object.assign(ed, { open: true, title: tk.title, due: tk.due || '', ms_title: '', ms_due: '',
          ms: d.value.milestones.map((m) => ({ id: m.id, title: m.title, due: m.due, done_on: m.done_on, orig_title: m.title, orig_due: m.due, del: false })),
          persons: tk.units.map((u) => ({ org_id: u.org_id, org_name: u.org_name, person: u.person || '', email: u.email || '', phone: u.phone || '' })) });
        ed.errs = {};
      }
      async function saveEdit() {
        ed.busy = true;
        try {
          const add = ed.ms_title || ed.ms_due ? [{ title: ed.ms_title, due: ed.ms_due }] : [];
          d.value = await api.put('/supervision/tasks/' + id, {
            title: ed.title, due: ed.due || null, description: d.value.description,
            add_milestones: add,
            milestones: ed.ms.filter((m) => !m.del && (m.title !== m.orig_title || m.due !== m.orig_due)).map((m) => ({ id: m.id, title: m.title, due: m.due })),
            delete_milestones: ed.ms.filter((m) => m.del).map((m) => m.id),
            persons: ed.persons.map((p) => ({ org_id: p.org_id, person: p.person, email: p.email, phone: p.phone })),
          });
          ed.open = false;
        } catch (e) { ed.errs = (e && e.fields) || {}; } finally { ed.busy = false; }
      }
      // Error of an existing milestone's row: the server names changed ones by their position
      // in the list sent, deleted ones by theirs in delete_milestones.
      function msErr(m) {
        const changed = ed.ms.filter((x) => !x.del && (x.title !== x.orig_title || x.due !== x.orig_due));
        const deleted = ed.ms.filter((x) => x.del);
        const i = changed.indexOf(m);
        const j = deleted.indexOf(m);
        if (i >= 0) return ed.errs['milestones[' + i + '].title'] || ed.errs['milestones[' + i + '].due'] || ed.errs['milestones[' + i + '].id'] || '';
        if (j >= 0) return ed.errs['delete_milestones[' + j + ']'] || '';
        return '';
      }
      // Units: lead, cooperating, shared duty and persons; units removed from an assigned task
      // are taken off (kept with their history).
      const orgs = ref([]);
      const un = reactive({ open: false, units: [], reason: '', busy: false, errs: {} });
      async function openUnits() {
        if (!orgs.value.length) {
          try { orgs.value = (await api.get('/orgs', { per_page: 200 })).items; } catch (e) { /* none */ }
        }
        Object.assign(un, { open: true, reason: '', errs: {},
          units: d.value.task.units.map((u) => ({ org_id: u.org_id, part: u.part, person: u.person || '', email: u.email || '', phone: u.phone || '' })) });
      }
      async function saveUnits() {
        un.busy = true;
        try {
          d.value = await api.put('/supervision/tasks/' + id + '/units', {
            units: un.units.filter((u) => u.org_id !== '').map((u) => ({ org_id: Number(u.org_id), part: u.part, person: u.person || null, email: u.email || null, phone: u.phone || null })),
            reason: un.reason || null,
          });
          un.open = false;
        } catch (e) { un.errs = (e && e.fields) || {}; } finally { un.busy = false; }
      }
      const unitErr = (i) => ['org_id', 'part', 'person', 'email', 'phone'].map((k) => un.errs['units[' + i + '].' + k]).filter(Boolean).join(';');
      // Sub-tasks.
      const split = ref(false);
      async function openSplit() {
        if (!orgs.value.length) {
          try { orgs.value = (await api.get('/orgs', { per_page: 200 })).items; } catch (e) { /* none */ }
        }
        split.value = true;
      }
      const splitUnits = computed(() => (d.value ? d.value.task.units.filter((u) => u.part !== 'coop').map((u) => ({ org_id: u.org_id, part: 'lead' })) : []));
      const afterSplit = () => load();
      async function load() {
        loading.value = true;
        try {
          d.value = await api.get('/supervision/tasks/' + encodeURIComponent(id));
          crumbs({ label: t('nav.tasks'), to: '/tasks' }, { label: d.value.task.title });
        } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      function open(action) {
        Object.assign(form, { open: true, action, text: '', progress: d.value.task.progress, person: '', milestones_done: [] });
        IC.clearFieldErrors(form.errs);
      }
      async function submit() {
        form.busy = true;
        try {
          const body = { action: form.action, text: form.text, milestones_done: form.milestones_done };
          if (form.action === 'report') body.progress = form.progress === null || form.progress === '' ? null : Number(form.progress);
          if (form.action === 'sign' && form.person) body.person = form.person;
          d.value = await api.post('/supervision/tasks/' + id + '/act', body);
          form.open = false;
        } catch (e) { IC.applyFieldErrors(form.errs, e); } finally { form.busy = false; }
      }
      async function sendUrge() {
        urge.busy = true;
        try {
          d.value = await api.post('/supervision/tasks/' + id + '/urges', { org_id: urge.org_id ? Number(urge.org_id) : 0, text: urge.text, answer_days: Number(urge.answer_days) });
          urge.open = false;
        } catch (e) { IC.applyFieldErrors(urge.errs, e); } finally { urge.busy = false; }
      }
      async function sendAnswer() {
        answer.busy = true;
        try {
          d.value = await api.post('/supervision/urges/' + answer.id + '/answer', { text: answer.text });
          answer.open = false;
        } catch (e) { IC.applyFieldErrors(answer.errs, e); } finally { answer.busy = false; }
      }
      async function upload(ev) {
        const file = ev.target.files && ev.target.files[0];
        ev.target.value = '';
        if (!file) return;
        fileErr.value = '';
        try {
          const buf = await file.arrayBuffer();
          await api.post('/supervision/tasks/' + id + '/files', { file_name: file.name, content_base64: toBase64(buf), event_id: fileEvent.value === '' ? null : Number(fileEvent.value) }, { quiet: true });
          await load();
        } catch (e) { fileErr.value = (e.fields && Object.values(e.fields)[0]) || e.message; }
      }
      const needsText = computed(() => ['report', 'request_close', 'send_back', 'reopen'].includes(form.action));
      // Past deadlines, every milestone and final deadline, and only the next report due.
      const timeline = computed(() => {
        if (!d.value) return [];
        let nextReport = false;
        return d.value.deadlines.filter((x) => {
          if (x.kind !== 'report' || x.due < d.value.today) return true;
          if (nextReport) return false;
          nextReport = true;
          return true;
        }).sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
      });
      const deadlineLabel = (x) => {
        if (x.kind === 'milestone') {
          const m = d.value.milestones.find((y) => 'milestone:' + y.id === x.key);
          return t('sv.dl.milestone') + (m ? ':' + m.title : '');
        }
        return t('sv.dl.' + x.kind);
      };
      const evLabel = (k) => (k === 'contribution' ? t('sv.ev.contribution') : t('sv.act.' + k));
      const canEdit = computed(() => d.value && IC.can.coordinate(store.user) && d.value.task.status !== 'closed');
      return { id, d, error, loading, form, urge, answer, fileErr, fileEvent, reportEvents, filesOf, ed, openEdit, saveEdit, msErr, orgs, un, openUnits, saveUnits, unitErr, split, openSplit, splitUnits, afterSplit, open, submit, sendUrge, sendAnswer, upload, needsText, evLabel, canEdit, deadlineLabel, timeline, statusLabel, colourLabel, COLOUR_TAG, unitNames, pct, t, IC, store };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="d">
        <page-card>
          <div class="detail-head">
            <h2 data-test="sv-title">{{ d.task.number }} {{ d.task.title }}</h2>
            <el-tag :type="COLOUR_TAG[d.task.colour]" effect="dark" data-test="sv-colour">{{ colourLabel(d.task.colour) }}</el-tag>
            <el-tag type="info" data-test="sv-status">{{ statusLabel(d.task.status) }}</el-tag>
            <span class="head-actions">
              <el-button v-for="a in d.allowed.actions" :key="a" :type="a === 'send_back' || a === 'reopen' ? 'warning' : 'primary'" @click="open(a)" :data-test="'sv-act-' + a">{{ t('sv.act.' + a) }}</el-button>
              <el-button v-if="d.allowed.urge" type="danger" plain @click="urge.open = true" data-test="sv-urge">{{ t('sv.urge') }}</el-button>
              <el-button v-if="canEdit" @click="openEdit" data-test="sv-edit">{{ t('common.edit') }}</el-button>
            </span>
          </div>
          <el-descriptions :column="3" border class="mt">
            <el-descriptions-item :label="t('sv.region')">{{ d.task.region_name }}</el-descriptions-item>
            <el-descriptions-item :label="t('sv.due')">{{ d.task.due || '—' }}</el-descriptions-item>
            <el-descriptions-item :label="t('sv.progress')"><span data-test="sv-progress">{{ pct(d.task.progress) || '—' }}</span></el-descriptions-item>
            <el-descriptions-item :label="t('sv.reasons')" :span="3"><span data-test="sv-reasons">{{ d.task.reasons.length ? d.task.reasons.join(';') : t('sv.no_reasons') }}</span></el-descriptions-item>
          </el-descriptions>
          <p v-if="d.description" class="muted mt">{{ d.description }}</p>
          <p v-if="d.task.parent_id" class="mt small"><a class="link" :href="'#/tasks/' + d.task.parent_id" data-test="sv-parent">{{ t('sv.parent') }} #{{ d.task.parent_id }}</a></p>
        </page-card>
        <page-card>
          <div class="detail-head">
            <h3>{{ t('sv.units') }}</h3>
            <span class="head-actions"><el-button v-if="canEdit" size="small" @click="openUnits" data-test="sv-edit-units">{{ t('sv.edit_units') }}</el-button></span>
          </div>
          <el-table :data="d.task.units.concat(d.task.former_units)" border size="small" data-test="sv-units" :row-class-name="({ row }) => row.removed_on ? 'muted' : ''">
            <el-table-column :label="t('sv.department')" prop="org_name"></el-table-column>
            <el-table-column :label="t('sv.part')" width="200">
              <template #default="{ row }">{{ t('sv.part.' + row.part) }}
                <el-tag v-if="row.removed_on" size="small" type="info" class="ml">{{ t('sv.former', { d: row.removed_on }) }}</el-tag>
                <el-tag v-else-if="row.added_on" size="small" class="ml">{{ t('sv.added', { d: row.added_on }) }}</el-tag>
              </template>
            </el-table-column>
            <el-table-column :label="t('sv.person')" prop="person"></el-table-column>
          </el-table>
        </page-card>
        <page-card v-if="d.subtasks.length || canEdit">
          <div class="detail-head">
            <h3>{{ t('sv.subtasks') }}</h3>
            <span class="head-actions"><el-button v-if="canEdit" size="small" @click="openSplit" data-test="sv-split">{{ t('sv.split') }}</el-button></span>
          </div>
          <el-table :data="d.subtasks" border size="small" :empty-text="t('common.empty')" data-test="sv-subtasks">
            <el-table-column :label="t('sv.colour')" width="100"><template #default="{ row }"><el-tag :type="COLOUR_TAG[row.colour]" size="small">{{ colourLabel(row.colour) }}</el-tag></template></el-table-column>
            <el-table-column :label="t('sv.task')"><template #default="{ row }"><a class="link" :href="'#/tasks/' + row.id" :data-test="'sv-subtask-' + row.id">{{ row.title }}</a></template></el-table-column>
            <el-table-column :label="t('sv.lead')"><template #default="{ row }">{{ unitNames(row, ['lead', 'joint']) }}</template></el-table-column>
            <el-table-column :label="t('sv.due')" prop="due" width="110"></el-table-column>
            <el-table-column :label="t('sv.status')" width="100"><template #default="{ row }">{{ statusLabel(row.status) }}</template></el-table-column>
          </el-table>
        </page-card>
        <page-card>
          <el-row :gutter="20">
            <el-col :span="12">
              <h3>{{ t('sv.milestones') }}</h3>
              <el-timeline data-test="sv-timeline">
                <el-timeline-item v-for="x in timeline" :key="x.key" :timestamp="x.due" :type="x.met_on ? 'success' : (x.due < d.today ? 'danger' : 'primary')">
                  {{ deadlineLabel(x) }}
                  <span v-if="x.met_on" class="muted small">· {{ t('sv.done') }} {{ x.met_on }}</span>
                </el-timeline-item>
              </el-timeline>
            </el-col>
            <el-col :span="12">
              <h3>{{ t('sv.events') }}</h3>
              <el-timeline data-test="sv-events">
                <el-timeline-item v-for="e in d.events" :key="e.id" :timestamp="e.day + ' · ' + e.username">
                  <strong>{{ evLabel(e.kind) }}</strong><span v-if="e.progress !== null"> {{ pct(e.progress) }}</span>
                  <div v-if="e.text" class="small">{{ e.text }}</div>
                  <div v-for="f in filesOf(e.id)" :key="f.id" class="small"><a class="link" :href="'/api/v1/supervision/files/' + f.id" :data-test="'sv-event-file-' + e.id">📎 {{ f.name }}</a></div>
                </el-timeline-item>
              </el-timeline>
            </el-col>
          </el-row>
        </page-card>
        <page-card>
          <h3>{{ t('sv.urges') }}</h3>
          <el-table :data="d.urges" border size="small" :empty-text="t('common.empty')" data-test="sv-urges">
            <el-table-column :label="t('sv.urge_org')" prop="org_name" width="160"></el-table-column>
            <el-table-column :label="t('sv.text')" prop="text"></el-table-column>
            <el-table-column :label="t('sv.answer_due')" prop="answer_due" width="110"></el-table-column>
            <el-table-column :label="t('sv.answer')">
              <template #default="{ row }">
                <span v-if="row.answered_on" :data-test="'sv-answer-' + row.id">{{ row.answer }} ({{ row.answered_on }})</span>
                <el-button v-else-if="d.allowed.answer_urges.includes(row.id)" size="small" type="primary" @click="Object.assign(answer, { open: true, id: row.id, text: '' })" :data-test="'sv-answer-btn-' + row.id">{{ t('sv.answer') }}</el-button>
                <el-tag v-else size="small" type="warning">{{ t('sv.unanswered') }}</el-tag>
              </template>
            </el-table-column>
          </el-table>
        </page-card>
        <page-card>
          <h3>{{ t('sv.files') }}</h3>
          <ul class="plain" data-test="sv-files">
            <li v-for="f in d.files" :key="f.id"><a class="link" :href="'/api/v1/supervision/files/' + f.id">{{ f.name }}</a> <span class="muted small">{{ Math.ceil(f.size / 1024) }} KB · {{ f.uploaded_by }}</span></li>
          </ul>
          <div v-if="d.allowed.upload">
            <el-select v-if="reportEvents.length" v-model="fileEvent" :placeholder="t('sv.attach_to')" clearable style="width: 260px" class="mb" data-test="sv-file-event">
              <el-option :label="t('sv.attach_none')" value=""></el-option>
              <el-option v-for="e in reportEvents" :key="e.id" :label="e.day + ' · ' + evLabel(e.kind) + (e.text ? ':' + e.text.slice(0, 20) : '')" :value="e.id"></el-option>
            </el-select>
            <br v-if="reportEvents.length">
            <input type="file" accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.txt" @change="upload" data-test="sv-file-input">
            <span class="muted small ml">{{ t('sv.upload_hint') }}</span>
            <el-alert v-if="fileErr" :title="fileErr" type="error" :closable="false" class="mt" data-test="sv-file-error"></el-alert>
          </div>
        </page-card>
        <page-card>
          <h3>{{ t('sv.colour_history') }}</h3>
          <el-table :data="d.colour_history" border size="small" data-test="sv-colour-history">
            <el-table-column prop="day" width="120"></el-table-column>
            <el-table-column width="120"><template #default="{ row }"><el-tag :type="COLOUR_TAG[row.colour]" size="small">{{ colourLabel(row.colour) }}</el-tag></template></el-table-column>
            <el-table-column prop="reasons"></el-table-column>
          </el-table>
        </page-card>
      </template>
      <el-dialog v-model="form.open" :title="t('sv.act.' + form.action)" width="560px">
        <el-form label-width="120px">
          <el-form-item v-if="form.action === 'sign'" :label="t('sv.person')" :error="form.errs.person"><el-input v-model="form.person" id="sv-person"></el-input></el-form-item>
          <el-form-item v-if="form.action === 'report'" :label="t('sv.progress_pct')" :error="form.errs.progress"><el-input-number v-model="form.progress" :min="0" :max="100" id="sv-progress-input"></el-input-number></el-form-item>
          <el-form-item v-if="form.action === 'report' && d && d.milestones.length" :label="t('sv.milestones_done')">
            <el-checkbox-group v-model="form.milestones_done"><el-checkbox v-for="m in d.milestones" :key="m.id" :value="m.id" :disabled="!!m.done_on">{{ m.title }}</el-checkbox></el-checkbox-group>
          </el-form-item>
          <el-form-item v-if="needsText" :label="t('sv.text')" :error="form.errs.text"><el-input v-model="form.text" type="textarea" :rows="4" id="sv-text"></el-input></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="form.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="form.busy" @click="submit" data-test="sv-act-confirm">{{ t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
      <el-dialog v-model="ed.open" :title="t('common.edit')" width="640px">
        <el-form label-width="110px">
          <el-form-item :label="t('sv.task')" :error="ed.errs.title"><el-input v-model="ed.title" id="sv-edit-title"></el-input></el-form-item>
          <el-form-item :label="t('sv.due')" :error="ed.errs.due"><el-input v-model="ed.due" placeholder="YYYY-MM-DD" id="sv-edit-due"></el-input></el-form-item>
          <el-form-item v-for="(m, i) in ed.ms" :key="m.id" :label="i === 0 ? t('sv.milestones_edit') : ''" :error="msErr(m)" :data-test="'sv-edit-ms-' + i">
            <el-input v-model="m.title" :disabled="m.del" style="width: 260px" :id="'sv-edit-ms-title-' + i"></el-input>
            <el-input v-model="m.due" :disabled="m.del || !!m.done_on" :title="m.done_on ? t('sv.done_locked') : ''" placeholder="YYYY-MM-DD" style="width: 140px; margin-left: 8px" :id="'sv-edit-ms-due-' + i"></el-input>
            <el-button v-if="!m.done_on" link :type="m.del ? 'primary' : 'danger'" class="ml" @click="m.del = !m.del" :data-test="'sv-edit-ms-del-' + i">{{ m.del ? t('sv.undo') : t('sv.delete') }}</el-button>
            <el-tag v-if="m.del" size="small" type="danger" class="ml">{{ t('sv.deleted') }}</el-tag>
            <span v-if="m.done_on" class="muted small ml">{{ t('sv.done') }} {{ m.done_on }}</span>
          </el-form-item>
          <el-form-item :label="t('sv.add_milestone')" :error="ed.errs['add_milestones[0].title'] || ed.errs['add_milestones[0].due']">
            <el-input v-model="ed.ms_title" :placeholder="t('sv.milestone_title')" style="width: 260px" id="sv-edit-ms-title"></el-input>
            <el-input v-model="ed.ms_due" placeholder="YYYY-MM-DD" style="width: 140px; margin-left: 8px" id="sv-edit-ms-due"></el-input>
          </el-form-item>
          <el-form-item v-for="(p, i) in ed.persons" :key="p.org_id" :label="p.org_name" :error="ed.errs['persons[' + i + '].person'] || ed.errs['persons[' + i + '].email']">
            <el-input v-model="p.person" :placeholder="t('sv.person')" style="width: 130px"></el-input>
            <el-input v-model="p.email" placeholder="E-mail" style="width: 200px; margin-left: 8px"></el-input>
            <el-input v-model="p.phone" :placeholder="t('sv.phone')" style="width: 140px; margin-left: 8px"></el-input>
          </el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="ed.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="ed.busy" @click="saveEdit" data-test="sv-edit-confirm">{{ t('common.save') }}</el-button>
        </template>
      </el-dialog>
      <el-dialog v-model="un.open" :title="t('sv.edit_units')" width="760px">
        <el-form label-width="0" data-test="sv-units-form">
          <el-alert :title="t('sv.units_hint')" type="info" :closable="false" class="mb"></el-alert>
          <el-form-item v-for="(u, i) in un.units" :key="i" :error="unitErr(i)">
            <el-select v-model="u.org_id" filterable style="width: 190px" :data-test="'sv-unit-org-' + i">
              <el-option v-for="o in orgs" :key="o.id" :label="o.name" :value="o.id"></el-option>
            </el-select>
            <el-select v-model="u.part" style="width: 110px; margin-left: 8px" :data-test="'sv-unit-part-' + i">
              <el-option v-for="p in ['lead', 'coop', 'joint']" :key="p" :label="t('sv.part.' + p)" :value="p"></el-option>
            </el-select>
            <el-input v-model="u.person" :placeholder="t('sv.person')" style="width: 110px; margin-left: 8px" :id="'sv-unit-person-' + i"></el-input>
            <el-input v-model="u.email" placeholder="E-mail" style="width: 150px; margin-left: 8px"></el-input>
            <el-button link type="danger" class="ml" @click="un.units.splice(i, 1)" :data-test="'sv-unit-remove-' + i">{{ t('sv.remove') }}</el-button>
          </el-form-item>
          <div v-if="un.errs.units" class="el-form-item__error" style="position: static" data-test="sv-units-error">{{ un.errs.units }}</div>
          <el-button size="small" class="mb" @click="un.units.push({ org_id: '', part: 'coop', person: '', email: '', phone: '' })" data-test="sv-unit-add">{{ t('sv.add_unit') }}</el-button>
          <el-form-item :error="un.errs.reason"><el-input v-model="un.reason" :placeholder="t('sv.reason')" id="sv-units-reason"></el-input></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="un.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="un.busy" @click="saveUnits" data-test="sv-units-confirm">{{ t('common.save') }}</el-button>
        </template>
      </el-dialog>
      <sv-new-task v-if="d" v-model="split" :parent-id="d.task.id" :orgs="orgs" :default-units="splitUnits" @created="afterSplit"></sv-new-task>
      <el-dialog v-model="urge.open" :title="t('sv.urge')" width="520px">
        <el-form label-width="120px">
          <el-form-item :label="t('sv.urge_org')" :error="urge.errs.org_id">
            <el-select v-model="urge.org_id" style="width: 100%" data-test="sv-urge-org">
              <el-option v-for="u in (d ? d.task.units : [])" :key="u.org_id" :label="u.org_name" :value="u.org_id"></el-option>
            </el-select>
          </el-form-item>
          <el-form-item :label="t('sv.text')" :error="urge.errs.text"><el-input v-model="urge.text" type="textarea" :rows="3" id="sv-urge-text"></el-input></el-form-item>
          <el-form-item :label="t('sv.answer_days')" :error="urge.errs.answer_days"><el-input-number v-model="urge.answer_days" :min="1" :max="30"></el-input-number></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="urge.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="urge.busy" @click="sendUrge" data-test="sv-urge-confirm">{{ t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
      <el-dialog v-model="answer.open" :title="t('sv.answer')" width="520px">
        <el-form label-width="80px">
          <el-form-item :label="t('sv.text')" :error="answer.errs.text"><el-input v-model="answer.text" type="textarea" :rows="4" id="sv-answer-text"></el-input></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="answer.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="answer.busy" @click="sendAnswer" data-test="sv-answer-confirm">{{ t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
    </div>`,
  };

  // ------------------------------------------------------------------ notification centre
  const NotificationsPage = {
    setup() {
      const items = ref([]);
      const loading = ref(false);
      async function load() {
        loading.value = true;
        try { items.value = (await api.get('/supervision/notifications')).items; } catch (e) { items.value = []; } finally { loading.value = false; }
      }
      onMounted(() => { crumbs({ label: t('nav.notifications') }); load(); });
      async function read(ids) {
        if (!ids.length) return;
        await api.post('/supervision/notifications/read', { ids });
        load();
      }
      const unread = computed(() => items.value.filter((n) => !n.read_at).map((n) => n.id));
      return { items, loading, read, unread, t, IC };
    },
    template: `<page-card>
      <div class="detail-head">
        <h2>{{ t('nav.notifications') }}</h2>
        <el-tag v-if="unread.length" type="danger" data-test="sv-unread">{{ t('sv.unread') }} {{ unread.length }}</el-tag>
        <span class="head-actions"><el-button :disabled="!unread.length" @click="read(unread)" data-test="sv-read-all">{{ t('sv.mark_all_read') }}</el-button></span>
      </div>
      <el-table :data="items" v-loading="loading" border :empty-text="t('sv.no_notes')" data-test="sv-notes">
        <el-table-column width="70"><template #default="{ row }"><el-tag v-if="!row.read_at" size="small" type="danger">{{ t('sv.unread') }}</el-tag></template></el-table-column>
        <el-table-column :label="t('sv.task')" min-width="240">
          <template #default="{ row }"><a v-if="row.task_id" class="link" :href="'#/tasks/' + row.task_id">{{ row.title }}</a><span v-else>{{ row.title }}</span><div class="small muted">{{ row.body }}</div></template>
        </el-table-column>
        <el-table-column width="170"><template #default="{ row }">{{ IC.fmtTime(row.created_at) }}</template></el-table-column>
        <el-table-column width="120"><template #default="{ row }"><el-button v-if="!row.read_at" size="small" link type="primary" @click="read([row.id])">{{ t('sv.mark_read') }}</el-button></template></el-table-column>
      </el-table>
    </page-card>`,
  };

  // ------------------------------------------------------------------ ranking
  const ScoresPage = {
    setup() {
      const q = reactive({ from: '', to: '' });
      const data = ref(null);
      const loading = ref(false);
      async function load() {
        loading.value = true;
        try { data.value = await api.get('/supervision/scores', q); q.from = data.value.from; q.to = data.value.to; } catch (e) { /* toast shown */ } finally { loading.value = false; }
      }
      onMounted(() => { crumbs({ label: t('nav.scores') }); load(); });
      const bulletinUrl = computed(() => '/api/v1/supervision/bulletin.docx?from=' + encodeURIComponent(q.from) + '&to=' + encodeURIComponent(q.to));
      const pctOf = (v) => (v === null || v === undefined ? '—' : Math.round(v * 100) + '%');
      // Rules of the coordinator's region (colours, reminders, scoring).
      const rules = ref(null);
      const rulesText = reactive({ remind_before: '', remind_after: '' });
      const rulesErrs = reactive({});
      const rulesBusy = ref(false);
      const NUM = ['blue_days', 'sign_days', 'report_grace_days', 'behind_tolerance'];
      const SCORE = ['on_time_report', 'missed_report', 'overdue_day', 'completion', 'late_completion', 'late_sign', 'coop_weight'];
      async function loadRules() {
        const r = await api.get('/supervision/rules');
        rules.value = r.rules;
        rulesText.remind_before = r.rules.remind_before.join(',');
        rulesText.remind_after = r.rules.remind_after.join(',');
      }
      onMounted(() => { if (IC.can.coordinate(store.user)) loadRules(); });
      const days = (s) => s.split(/[,,\s]+/).filter((x) => x !== '').map(Number);
      async function saveRules() {
        rulesBusy.value = true;
        try {
          const body = Object.assign({}, rules.value, { remind_before: days(rulesText.remind_before), remind_after: days(rulesText.remind_after) });
          IC.clearFieldErrors(rulesErrs);
          const num = (v, field) => {
            const n = Number(String(v).trim());
            if (String(v).trim() === '' || !Number.isFinite(n)) rulesErrs[field] = t('sv.rule.number');
            return n;
          };
          NUM.forEach((k) => { body[k] = num(body[k], k); });
          body.score = Object.assign({}, body.score);
          SCORE.forEach((k) => { body.score[k] = num(body.score[k], 'score.' + k); });
          ['remind_before', 'remind_after'].forEach((k) => { if (body[k].some((n) => !Number.isInteger(n))) rulesErrs[k] = t('sv.rule.number'); });
          if (Object.values(rulesErrs).some((v) => v)) return;
          const r = await api.put('/supervision/rules', body);
          rules.value = r.rules;
          IC.clearFieldErrors(rulesErrs);
          ElementPlus.ElMessage.success(t('sv.rules_saved'));
          load();
        } catch (e) { IC.applyFieldErrors(rulesErrs, e); } finally { rulesBusy.value = false; }
      }
      return { q, data, loading, load, bulletinUrl, pctOf, rules, rulesText, rulesErrs, rulesBusy, saveRules, NUM, SCORE, t, IC, store };
    },
    template: `<page-card>
      <div class="detail-head"><h2>{{ t('nav.scores') }}</h2>
        <span class="head-actions"><el-button v-if="IC.can.coordinate(store.user)" tag="a" :href="bulletinUrl" download data-test="sv-bulletin"><el-icon><icon-download></icon-download></el-icon><span>{{ t('sv.bulletin') }}</span></el-button></span>
      </div>
      <el-form inline @submit.prevent="load">
        <el-form-item :label="t('sv.from')"><el-input v-model="q.from" placeholder="YYYY-MM-DD" style="width: 130px" id="sv-from"></el-input></el-form-item>
        <el-form-item :label="t('sv.to')"><el-input v-model="q.to" placeholder="YYYY-MM-DD" style="width: 130px" id="sv-to"></el-input></el-form-item>
        <el-form-item><el-button type="primary" @click="load" data-test="sv-scores-load">{{ t('common.search') }}</el-button></el-form-item>
      </el-form>
      <p v-if="data" class="muted small">{{ t('sv.rule_text', data.rules) }}</p>
      <el-table v-if="data" :data="data.rows" v-loading="loading" border stripe data-test="sv-scores">
        <el-table-column :label="t('sv.rank')" prop="rank" width="70"></el-table-column>
        <el-table-column :label="t('sv.department')" prop="org_name" min-width="160"></el-table-column>
        <el-table-column :label="t('sv.score')" width="90"><template #default="{ row }"><strong :data-test="'sv-score-' + row.org_name">{{ row.score.toFixed(1) }}</strong></template></el-table-column>
        <el-table-column :label="t('sv.on_time')" prop="on_time_reports" width="100"></el-table-column>
        <el-table-column :label="t('sv.missed')" prop="missed_reports" width="110"></el-table-column>
        <el-table-column :label="t('sv.overdue_days')" prop="overdue_days" width="100"></el-table-column>
        <el-table-column :label="t('sv.completed')" prop="completed" width="100"></el-table-column>
        <el-table-column :label="t('sv.completed_late')" prop="completed_late" width="100"></el-table-column>
        <el-table-column :label="t('sv.timeliness')" width="110"><template #default="{ row }">{{ pctOf(row.timeliness) }}</template></el-table-column>
      </el-table>
      <el-collapse v-if="rules" class="mt">
        <el-collapse-item :title="t('sv.rules')" name="rules">
          <el-form label-width="200px" data-test="sv-rules">
            <el-form-item v-for="k in NUM" :key="k" :label="t('sv.rule.' + k)" :error="rulesErrs[k]"><el-input v-model="rules[k]" style="width: 120px"></el-input></el-form-item>
            <el-form-item :label="t('sv.rule.cadence')">
              <el-radio-group v-model="rules.cadence"><el-radio value="monthly">{{ t('sv.rule.monthly') }}</el-radio><el-radio value="quarterly">{{ t('sv.rule.quarterly') }}</el-radio></el-radio-group>
            </el-form-item>
            <el-form-item :label="t('sv.rule.remind_before')" :error="rulesErrs.remind_before"><el-input v-model="rulesText.remind_before" style="width: 160px"></el-input></el-form-item>
            <el-form-item :label="t('sv.rule.remind_after')" :error="rulesErrs.remind_after"><el-input v-model="rulesText.remind_after" style="width: 160px"></el-input></el-form-item>
            <el-form-item v-for="k in SCORE" :key="k" :label="t('sv.rule.score.' + k)" :error="rulesErrs['score.' + k]"><el-input v-model="rules.score[k]" style="width: 120px"></el-input></el-form-item>
            <el-form-item><el-button type="primary" :loading="rulesBusy" @click="saveRules" data-test="sv-rules-save">{{ t('common.save') }}</el-button></el-form-item>
          </el-form>
        </el-collapse-item>
      </el-collapse>
    </page-card>`,
  };

  Object.assign(IC.pages, { SvTasksPage: TasksPage, SvTaskPage: TaskPage, SvNotificationsPage: NotificationsPage, SvScoresPage: ScoresPage });
})();
