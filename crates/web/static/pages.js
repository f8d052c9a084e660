/* innocity web UI — pages. Each page sets its breadcrumbs in IC.store.crumbs. */
(function () {
  'use strict';
  const { reactive, ref, computed, watch, onMounted, nextTick } = Vue;
  const IC = window.IC;
  const { store, t, api, route, push, useList, rules } = IC;

  const pages = {};
  const crumbs = (...c) => { store.crumbs = c; };
  const listOf = (r) => (Array.isArray(r) ? r : (r && r.items) || []);

  // ------------------------------------------------------------------ login
  pages.LoginPage = {
    setup() {
      const form = reactive({ username: '', password: '' });
      const formRef = ref(null);
      const loading = ref(false);
      const error = ref('');
      const formRules = computed(() => ({
        username: [rules.required()],
        password: [rules.required()],
      }));
      async function submit() {
        error.value = '';
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) return;
        loading.value = true;
        try {
          const r = await api.post('/auth/login', { username: form.username.trim(), password: form.password }, { quiet: true, allow401: true });
          store.user = r.user;
          store.csrf = r.csrf_token;
          form.password = '';
          if (r.user && r.user.must_change_password) push('/password', true);
          else push(route.query.next && route.query.next.startsWith('/') && !route.query.next.startsWith('/login') ? route.query.next : '/', true);
        } catch (e) {
          error.value = e.message || t('login.failed');
        } finally {
          loading.value = false;
        }
      }
      return { form, formRef, formRules, loading, error, submit, t, store, IC, icons: ElementPlusIconsVue };
    },
    template: `<div class="login-page">
      <div class="login-lang">
        <el-radio-group :model-value="store.lang" size="small" @change="IC.setLang">
          <el-radio-button value="zh" data-test="lang-zh">简体中文</el-radio-button>
          <el-radio-button value="en" data-test="lang-en">English</el-radio-button>
        </el-radio-group>
      </div>
      <div class="login-box">
        <div class="login-brand">
          <div class="brand-mark">创</div>
          <h1>{{ t('app.title') }}</h1>
          <p v-if="store.lang === 'en'" class="login-sub">创新型城市建设监测评价平台</p>
        </div>
        <el-card class="login-card" shadow="always">
          <h2>{{ t('login.title') }}</h2>
          <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb" data-test="login-error"></el-alert>
          <el-form ref="formRef" :model="form" :rules="formRules" label-position="top" @submit.prevent="submit" size="large">
            <el-form-item :label="t('login.username')" prop="username">
              <el-input id="login-username" data-test="login-username" v-model="form.username" autofocus autocomplete="username" :prefix-icon="icons.User"></el-input>
            </el-form-item>
            <el-form-item :label="t('login.password')" prop="password">
              <el-input id="login-password" data-test="login-password" v-model="form.password" type="password" show-password autocomplete="current-password" @keyup.enter="submit"></el-input>
            </el-form-item>
            <el-button id="login-submit" data-test="login-submit" type="primary" native-type="submit" :loading="loading" class="full">{{ t('login.submit') }}</el-button>
          </el-form>
          <p class="login-foot">{{ t('login.footer') }}</p>
        </el-card>
      </div>
    </div>`,
  };

  // ------------------------------------------------------------------ password change
  pages.PasswordPage = {
    setup() {
      crumbs({ label: t('crumb.password') });
      const form = reactive({ old_password: '', new_password: '', confirm: '' });
      const errs = reactive({ old_password: '', new_password: '' });
      const formRef = ref(null);
      const loading = ref(false);
      const forced = computed(() => !!(store.user && store.user.must_change_password));
      const formRules = computed(() => ({
        old_password: [rules.required()],
        new_password: [rules.required(), {
          trigger: 'blur',
          validator: (r, v, cb) => {
            if (v && v.length < 10) cb(new Error(t('password.too_short')));
            else if (v && !(/[A-Za-z]/.test(v) && /\d/.test(v))) cb(new Error(t('password.letters_digits')));
            else cb();
          },
        }],
        confirm: [rules.required(), {
          trigger: 'blur',
          validator: (r, v, cb) => (v !== form.new_password ? cb(new Error(t('password.mismatch'))) : cb()),
        }],
      }));
      async function submit() {
        IC.clearFieldErrors(errs);
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) return;
        loading.value = true;
        try {
          await api.post('/auth/password', { old_password: form.old_password, new_password: form.new_password });
          ElementPlus.ElMessage.success(t('password.changed'));
          await IC.loadMe();
          push('/');
        } catch (e) {
          IC.applyFieldErrors(errs, e);
        } finally {
          loading.value = false;
        }
      }
      return { form, errs, formRef, formRules, loading, forced, submit, t };
    },
    template: `<page-card :title="t('password.title')">
      <el-alert v-if="forced" :title="t('password.forced')" type="warning" show-icon :closable="false" class="mb" data-test="password-forced"></el-alert>
      <el-form ref="formRef" :model="form" :rules="formRules" label-width="140px" style="max-width: 560px" @submit.prevent="submit">
        <el-form-item :label="t('password.old')" prop="old_password" :error="errs.old_password">
          <el-input id="pw-old" v-model="form.old_password" type="password" show-password autocomplete="current-password"></el-input>
        </el-form-item>
        <el-form-item :label="t('password.new')" prop="new_password" :error="errs.new_password">
          <el-input id="pw-new" v-model="form.new_password" type="password" show-password autocomplete="new-password"></el-input>
          <div class="form-hint">{{ t('password.policy') }}</div>
        </el-form-item>
        <el-form-item :label="t('password.confirm')" prop="confirm">
          <el-input id="pw-confirm" v-model="form.confirm" type="password" show-password autocomplete="new-password"></el-input>
        </el-form-item>
        <el-form-item>
          <el-button type="primary" native-type="submit" :loading="loading" data-test="password-submit">{{ t('common.save') }}</el-button>
        </el-form-item>
      </el-form>
    </page-card>`,
  };

  // ------------------------------------------------------------------ home
  pages.HomePage = {
    setup() {
      crumbs();
      const data = ref(null);
      const loading = ref(true);
      const error = ref('');
      onMounted(async () => {
        try { data.value = await api.get('/dashboard'); } catch (e) { error.value = e.message; } finally { loading.value = false; }
      });
      const statuses = IC.statusOrder;
      const barOption = computed(() => {
        if (!data.value) return null;
        const progs = data.value.programmes || [];
        return {
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { top: 0 },
          grid: { left: 8, right: 16, bottom: 8, top: 36, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', data: progs.map((p) => IC.progName(p)), axisLabel: { width: 160, overflow: 'truncate' } },
          series: statuses.map((s) => ({
            name: IC.codeLabel('statuses', s),
            type: 'bar',
            stack: 'total',
            barMaxWidth: 28,
            itemStyle: { color: IC.statusColor[s] },
            label: { show: true, formatter: (p) => (p.value ? p.value : '') },
            data: progs.map((p) => (p.status_counts && p.status_counts[s]) || 0),
          })),
        };
      });
      const pieOption = computed(() => {
        if (!data.value) return null;
        const c = data.value.status_counts || {};
        return {
          tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
          legend: { bottom: 0 },
          series: [{
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '45%'],
            label: { formatter: '{b}\n{c}' },
            data: statuses.filter((s) => c[s]).map((s) => ({ name: IC.codeLabel('statuses', s), value: c[s], itemStyle: { color: IC.statusColor[s] }, code: s })),
          }],
        };
      });
      const total = computed(() => {
        const c = (data.value && data.value.status_counts) || {};
        return Object.keys(c).reduce((a, k) => a + (c[k] || 0), 0);
      });
      function goStatus(pid, status) { push(IC.withQuery('/participants', { programme_id: pid, status })); }
      function onPie(p) { if (p && p.data && p.data.code) push(IC.withQuery('/participants', { status: p.data.code })); }
      return { data, loading, error, barOption, pieOption, total, statuses, goStatus, onPie, t, IC, store };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <div class="welcome">{{ t('home.welcome', { name: store.user && store.user.display_name }) }}</div>
        <el-row :gutter="16">
          <el-col :xs="24" :md="12" :lg="8" v-for="p in data.programmes" :key="p.id">
            <el-card class="prog-card" shadow="hover" :data-test="'programme-card-' + p.code">
              <div class="prog-name"><a class="link" :href="'#/programmes/' + p.id" :data-test="'programme-link-' + p.code">{{ IC.progName(p) }}</a></div>
              <div class="prog-count"><span class="num">{{ p.participant_count }}</span> {{ t('home.participants') }}</div>
              <div class="prog-status">
                <span v-for="s in statuses" :key="s" class="status-chip" @click="goStatus(p.id, s)" v-show="p.status_counts && p.status_counts[s]">
                  <status-tag :status="s" size="small"></status-tag><b>{{ p.status_counts[s] }}</b>
                </span>
              </div>
            </el-card>
          </el-col>
        </el-row>
        <page-card v-if="total === 0"><el-empty :description="t('home.no_participants')"></el-empty></page-card>
        <el-row :gutter="16" v-else>
          <el-col :xs="24" :lg="14">
            <page-card :title="t('home.status_chart')"><e-chart :option="barOption" height="320px"></e-chart></page-card>
          </el-col>
          <el-col :xs="24" :lg="10">
            <page-card :title="t('home.status_pie') + ' (' + total + ')'"><e-chart :option="pieOption" height="320px" @chart-click="onPie"></e-chart></page-card>
          </el-col>
        </el-row>
        <page-card :title="t('home.recent')">
          <el-table :data="data.recent_transitions || []" stripe :empty-text="t('home.no_recent')" data-test="recent-transitions">
            <el-table-column :label="t('audit.at')" width="170"><template #default="{ row }">{{ IC.fmtTime(row.changed_at) }}</template></el-table-column>
            <el-table-column :label="t('participant.region')" min-width="140"><template #default="{ row }"><a class="link" :href="'#/participants/' + row.participant_id">{{ row.region_name }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
            <el-table-column :label="t('participant.status')" min-width="220">
              <template #default="{ row }">
                <status-tag v-if="row.from_status" :status="row.from_status" size="small"></status-tag><span v-else class="muted">{{ t('history.initial') }}</span>
                <span class="arrow">→</span><status-tag :status="row.to_status" size="small"></status-tag>
              </template>
            </el-table-column>
            <el-table-column :label="t('history.by')" min-width="120"><template #default="{ row }">{{ row.changed_by ? (typeof row.changed_by === 'object' ? row.changed_by.display_name : row.changed_by) : t('audit.system') }}</template></el-table-column>
          </el-table>
        </page-card>
      </template>
    </div>`,
  };

  // ------------------------------------------------------------------ programme detail
  pages.ProgrammePage = {
    setup() {
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      onMounted(async () => {
        try {
          data.value = await api.get('/programmes/' + encodeURIComponent(route.params.id));
          crumbs({ label: t('nav.participants'), to: '/participants' }, { label: IC.progName(data.value.programme) });
        } catch (e) { error.value = e.message; } finally { loading.value = false; }
      });
      watch(() => store.lang, () => { if (data.value) crumbs({ label: t('nav.participants'), to: '/participants' }, { label: IC.progName(data.value.programme) }); });
      const statuses = IC.statusOrder;
      return { data, error, loading, statuses, t, IC, route };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <page-card :title="IC.progName(data.programme)">
          <el-descriptions :column="2" border>
            <el-descriptions-item :label="t('programme.code')">{{ data.programme.code }}</el-descriptions-item>
            <el-descriptions-item :label="t('programme.participants')">{{ data.programme.participant_count }}</el-descriptions-item>
            <el-descriptions-item :label="t('programme.name')">{{ data.programme.name_zh }}<span class="muted" v-if="data.programme.name_en"> / {{ data.programme.name_en }}</span></el-descriptions-item>
            <el-descriptions-item :label="t('participant.status')">
              <span v-for="s in statuses" :key="s" class="status-chip" v-show="data.status_counts && data.status_counts[s]">
                <status-tag :status="s" size="small"></status-tag><b>{{ data.status_counts && data.status_counts[s] }}</b>
              </span>
            </el-descriptions-item>
            <el-descriptions-item :label="t('programme.description')" :span="2">{{ data.programme.description || '—' }}</el-descriptions-item>
          </el-descriptions>
        </page-card>
        <page-card :title="t('programme.batches')">
          <el-table :data="data.batches" stripe border :empty-text="t('common.empty')">
            <el-table-column :label="t('batch.code')" prop="code" width="160"></el-table-column>
            <el-table-column :label="t('batch.name')" prop="name" min-width="200"></el-table-column>
            <el-table-column :label="t('batch.approved_on')" prop="approved_on" width="120"></el-table-column>
            <el-table-column :label="t('batch.count')" prop="participant_count" width="110"></el-table-column>
            <el-table-column :label="t('batch.note')" prop="note" min-width="240" show-overflow-tooltip></el-table-column>
          </el-table>
        </page-card>
        <page-card :title="t('programme.participants')">
          <participant-table :programme-id="data.programme.id" :batches="data.batches"></participant-table>
        </page-card>
      </template>
    </div>`,
  };

  // ------------------------------------------------------------------ participants list
  pages.ParticipantsPage = {
    setup() {
      crumbs({ label: t('nav.participants') });
      watch(() => store.lang, () => crumbs({ label: t('nav.participants') }));
      const initial = Object.assign({}, route.query);
      if (initial.programme_id && /^\d+$/.test(initial.programme_id)) initial.programme_id = Number(initial.programme_id);
      return { initial, t };
    },
    template: `<page-card :title="t('nav.participants')"><participant-table :initial="initial"></participant-table></page-card>`,
  };

  // ------------------------------------------------------------------ participant detail
  pages.ParticipantPage = {
    setup() {
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const dlg = reactive({ open: false, to: '', toLabel: '', fromLabel: '', note: '', saving: false, error: '' });
      const setCrumbs = () => {
        const p = data.value && data.value.participant;
        if (!p) return;
        crumbs({ label: t('nav.participants'), to: '/participants' },
          { label: IC.progName(p.programme), to: '/programmes/' + (p.programme && p.programme.id) },
          { label: p.region && p.region.name });
      };
      async function load() {
        try {
          data.value = await api.get('/participants/' + encodeURIComponent(route.params.id));
          setCrumbs();
        } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      watch(() => store.lang, setCrumbs);
      const history = computed(() => {
        const h = (data.value && data.value.history) || [];
        // newest first, by insertion order (ids), since imported history may be back-dated
        return h.slice().sort((a, b) => (b.id - a.id) || String(b.changed_at).localeCompare(String(a.changed_at)));
      });
      const mayTransition = computed(() => IC.can.transition(store.user));
      function transLabel(tr) { return store.lang === 'en' ? (tr.label_en || tr.label_zh) : (tr.label_zh || IC.codeLabel('statuses', tr.code)); }
      function open(tr) {
        dlg.to = tr.code; dlg.toLabel = transLabel(tr); dlg.fromLabel = IC.codeLabel('statuses', data.value.participant.status); dlg.note = ''; dlg.error = ''; dlg.open = true;
      }
      async function confirm() {
        dlg.saving = true; dlg.error = '';
        try {
          const r = await api.post('/participants/' + encodeURIComponent(route.params.id) + '/transition', { to: dlg.to, note: dlg.note }, { quiet: true });
          data.value = Object.assign({}, data.value, r);
          dlg.open = false;
          ElementPlus.ElMessage.success(t('transition.done', { to: IC.codeLabel('statuses', r.participant ? r.participant.status : dlg.to) }));
        } catch (e) {
          // 409 (illegal transition) and 422 (bad note) keep the dialog open with the server's message.
          dlg.error = e.message || t('transition.refused');
          if (e.status === 409) { ElementPlus.ElMessage.error(dlg.error); try { const fresh = await api.get('/participants/' + encodeURIComponent(route.params.id), null, { quiet: true }); data.value = fresh; } catch (x) { /* keep */ } }
        } finally { dlg.saving = false; }
      }
      const period = (p) => IC.period(p) || '—';
      return { data, error, loading, dlg, history, mayTransition, transLabel, open, confirm, period, t, IC, store };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <el-row :gutter="16">
          <el-col :xs="24" :lg="15">
            <page-card>
              <template #header></template>
              <div class="detail-head">
                <h2 data-test="participant-name">{{ data.participant.region && data.participant.region.name }}</h2>
                <status-tag :status="data.participant.status" data-test="participant-status" id="participant-status"></status-tag>
                <demo-tag v-if="data.participant.demo"></demo-tag>
                <a class="link ml" :href="'#/plans?participant_id=' + data.participant.id" data-test="participant-plans"><el-icon><icon-notebook></icon-notebook></el-icon> {{ t('participant.plans') }}</a>
              </div>
              <el-descriptions :column="2" border class="mt">
                <el-descriptions-item :label="t('participant.region')">
                  <a class="link" :href="'#/regions/' + data.participant.region.code">{{ data.participant.region.name }}</a>
                  <span class="muted ml">{{ data.participant.region.code }} · {{ IC.codeLabel('region_levels', data.participant.region.level) }}</span>
                </el-descriptions-item>
                <el-descriptions-item :label="t('participant.programme')"><a class="link" :href="'#/programmes/' + data.participant.programme.id">{{ IC.progName(data.participant.programme) }}</a></el-descriptions-item>
                <el-descriptions-item :label="t('participant.batch')">{{ data.participant.batch && data.participant.batch.name }}</el-descriptions-item>
                <el-descriptions-item :label="t('participant.theme')">{{ data.participant.theme || '—' }}</el-descriptions-item>
                <el-descriptions-item :label="t('participant.period')">{{ period(data.participant) }}</el-descriptions-item>
                <el-descriptions-item :label="t('participant.acceptance_year')">{{ data.participant.acceptance_year || '—' }}</el-descriptions-item>
                <el-descriptions-item :label="t('participant.status')"><status-tag :status="data.participant.status" size="small"></status-tag></el-descriptions-item>
                <el-descriptions-item :label="t('participant.updated_at')">{{ IC.fmtTime(data.participant.updated_at) }}</el-descriptions-item>
              </el-descriptions>
            </page-card>
            <page-card :title="t('participant.transitions')">
              <div v-if="mayTransition && data.allowed_transitions && data.allowed_transitions.length" class="transition-buttons">
                <el-button v-for="tr in data.allowed_transitions" :key="tr.code" :type="IC.statusTagType[tr.code] === 'primary' ? 'primary' : (IC.statusTagType[tr.code] || 'primary')"
                  @click="open(tr)" :data-test="'transition-' + tr.code" :id="'transition-' + tr.code">
                  → {{ transLabel(tr) }}
                </el-button>
              </div>
              <el-empty v-else :description="mayTransition ? t('participant.final_status') : t('participant.no_permission')" :image-size="60"></el-empty>
            </page-card>
          </el-col>
          <el-col :xs="24" :lg="9">
            <page-card :title="t('participant.history')">
              <el-timeline data-test="status-history">
                <el-timeline-item v-for="h in history" :key="h.id" :timestamp="IC.fmtTime(h.changed_at)" placement="top" :color="IC.statusColor[h.to_status]">
                  <div class="history-row" :data-test="'history-' + h.to_status">
                    <status-tag v-if="h.from_status" :status="h.from_status" size="small"></status-tag><span v-else class="muted">{{ t('history.initial') }}</span>
                    <span class="arrow">→</span><status-tag :status="h.to_status" size="small"></status-tag>
                  </div>
                  <div class="history-note" v-if="h.note">{{ h.note }}</div>
                  <div class="muted small">{{ t('history.by') }}: {{ h.changed_by ? h.changed_by.display_name : t('audit.system') }}</div>
                </el-timeline-item>
              </el-timeline>
              <el-empty v-if="!history.length" :image-size="60"></el-empty>
            </page-card>
          </el-col>
        </el-row>
      </template>
      <el-dialog v-model="dlg.open" :title="t('transition.title', { from: dlg.fromLabel, to: dlg.toLabel })" width="520px" data-test="transition-dialog" append-to-body>
        <el-alert v-if="dlg.error" :title="dlg.error" type="error" show-icon :closable="false" class="mb" data-test="transition-error"></el-alert>
        <el-form label-position="top" @submit.prevent>
          <el-form-item :label="t('transition.note')">
            <el-input id="transition-note" data-test="transition-note" v-model="dlg.note" type="textarea" :rows="3" maxlength="2000" show-word-limit :placeholder="t('transition.note_ph')"></el-input>
          </el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false" data-test="transition-cancel">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.saving" @click="confirm" data-test="transition-confirm" id="transition-confirm">{{ t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
    </div>`,
  };

  // ------------------------------------------------------------------ regions
  pages.RegionsPage = {
    setup() {
      const tree = ref([]);
      const flat = ref([]);
      const filter = ref('');
      const treeRef = ref(null);
      const loading = ref(true);
      const detail = ref(null);
      const dLoading = ref(false);
      const dError = ref('');
      const expanded = ref([]);
      const isAdmin = computed(() => IC.can.admin(store.user));
      const setCrumbs = () => {
        const c = [{ label: t('nav.regions'), to: '/regions' }];
        if (detail.value) c.push({ label: detail.value.region.name });
        crumbs(...c);
      };
      async function loadTree() {
        loading.value = true;
        try {
          const r = await api.get('/regions');
          flat.value = r.items || [];
          tree.value = IC.buildRegionTree(flat.value);
          // open the first two levels
          expanded.value = tree.value.map((n) => n.code).concat(...tree.value.map((n) => n.children.map((c) => c.code)));
        } catch (e) { tree.value = []; } finally { loading.value = false; }
      }
      async function loadDetail(code) {
        if (!code) { detail.value = null; setCrumbs(); return; }
        dLoading.value = true; dError.value = '';
        try {
          detail.value = await api.get('/regions/' + encodeURIComponent(code));
          await nextTick();
          if (treeRef.value) {
            treeRef.value.setCurrentKey(code);
            // open the path down to the selected region
            const node = treeRef.value.getNode(code);
            for (let n = node && node.parent; n; n = n.parent) n.expanded = true;
            setTimeout(() => {
              const cur = document.querySelector('.region-tree .is-current');
              if (cur) cur.scrollIntoView({ block: 'nearest' });
            }, 300);
          }
        } catch (e) { detail.value = null; dError.value = e.message; } finally { dLoading.value = false; setCrumbs(); }
      }
      onMounted(async () => {
        await loadTree();
        // without a selection, open the user's own region
        const own = store.user && store.user.region_code;
        if (!route.params.code && own && flat.value.some((r) => r.code === own)) push('/regions/' + own, true);
        else loadDetail(route.params.code);
      });
      watch(() => route.params.code, (c) => loadDetail(c));
      watch(() => store.lang, setCrumbs);
      watch(filter, (v) => treeRef.value && treeRef.value.filter(v));
      const filterNode = (v, d) => !v || d.name.includes(v) || d.code.includes(v);
      function onNode(d) { push('/regions/' + d.code); }
      const parentName = computed(() => {
        if (!detail.value || !detail.value.region.parent_code) return '';
        const p = flat.value.find((r) => r.code === detail.value.region.parent_code);
        return p ? p.name : detail.value.region.parent_code;
      });
      // admin create / edit
      const dlg = reactive({ open: false, mode: 'create', saving: false });
      const form = reactive({ code: '', name: '', level: '', parent_code: '' });
      const errs = reactive({ code: '', name: '', level: '', parent_code: '' });
      const formRef = ref(null);
      const formRules = computed(() => ({
        code: [rules.required(), { pattern: /^\d{6}$/, message: () => t('region.code_invalid'), trigger: 'blur' }],
        name: [rules.required(), rules.max(100)],
        level: [rules.required('change')],
      }));
      function openCreate() {
        dlg.mode = 'create';
        Object.assign(form, { code: '', name: '', level: '', parent_code: detail.value ? detail.value.region.code : '' });
        IC.clearFieldErrors(errs); dlg.open = true;
        nextTick(() => formRef.value && formRef.value.clearValidate());
      }
      function openEdit() {
        const r = detail.value.region;
        dlg.mode = 'edit';
        Object.assign(form, { code: r.code, name: r.name, level: r.level, parent_code: r.parent_code || '' });
        IC.clearFieldErrors(errs); dlg.open = true;
        nextTick(() => formRef.value && formRef.value.clearValidate());
      }
      async function save() {
        IC.clearFieldErrors(errs);
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) return;
        dlg.saving = true;
        try {
          const body = { name: form.name.trim(), level: form.level, parent_code: form.parent_code || null };
          if (dlg.mode === 'create') await api.post('/regions', Object.assign({ code: form.code.trim() }, body));
          else await api.put('/regions/' + encodeURIComponent(form.code), body);
          dlg.open = false;
          ElementPlus.ElMessage.success(t('common.saved'));
          await loadTree();
          if (dlg.mode === 'create') push('/regions/' + form.code.trim()); else loadDetail(form.code);
        } catch (e) { IC.applyFieldErrors(errs, e); } finally { dlg.saving = false; }
      }
      return { tree, filter, treeRef, loading, detail, dLoading, dError, expanded, filterNode, onNode, parentName, isAdmin,
        dlg, form, errs, formRef, formRules, openCreate, openEdit, save, t, IC };
    },
    template: `<el-row :gutter="16">
      <el-col :xs="24" :md="9" :lg="7">
        <page-card :title="t('region.tree')">
          <template #extra><el-button v-if="isAdmin" size="small" type="primary" @click="openCreate" data-test="region-create"><el-icon><icon-plus></icon-plus></el-icon><span>{{ t('common.create') }}</span></el-button></template>
          <el-input v-model="filter" clearable :placeholder="t('region.filter')" class="mb" data-test="region-filter"></el-input>
          <el-tree ref="treeRef" v-loading="loading" :data="tree" node-key="code" :props="{ label: 'name', children: 'children' }"
            :default-expanded-keys="expanded" :filter-node-method="filterNode" highlight-current :expand-on-click-node="false"
            @node-click="onNode" class="region-tree" data-test="region-tree">
            <template #default="{ data }">
              <span class="tree-node"><span>{{ data.name }}</span><span class="muted small">{{ data.code }}</span><demo-tag v-if="data.demo"></demo-tag></span>
            </template>
          </el-tree>
        </page-card>
      </el-col>
      <el-col :xs="24" :md="15" :lg="17">
        <div v-loading="dLoading">
          <el-alert v-if="dError" :title="dError" type="error" show-icon :closable="false" class="mb"></el-alert>
          <page-card v-if="!detail && !dError"><el-empty :description="t('region.pick')"></el-empty></page-card>
          <template v-if="detail">
            <page-card :title="detail.region.name">
              <template #title-extra><demo-tag v-if="detail.region.demo" class="ml"></demo-tag></template>
              <template #extra><el-button v-if="isAdmin" size="small" @click="openEdit" data-test="region-edit"><el-icon><icon-edit></icon-edit></el-icon><span>{{ t('common.edit') }}</span></el-button></template>
              <el-descriptions :column="3" border>
                <el-descriptions-item :label="t('region.code')">{{ detail.region.code }}</el-descriptions-item>
                <el-descriptions-item :label="t('region.level')">{{ IC.codeLabel('region_levels', detail.region.level) }}</el-descriptions-item>
                <el-descriptions-item :label="t('region.parent')">
                  <a v-if="detail.region.parent_code" class="link" :href="'#/regions/' + detail.region.parent_code">{{ parentName }}</a><span v-else>—</span>
                </el-descriptions-item>
              </el-descriptions>
            </page-card>
            <page-card :title="t('region.children') + ' (' + detail.children.length + ')'">
              <div v-if="detail.children.length" class="chips">
                <el-tag v-for="c in detail.children" :key="c.code" class="chip" effect="plain" @click="IC.push('/regions/' + c.code)">
                  {{ c.name }} <span class="muted small">{{ c.code }} · {{ IC.codeLabel('region_levels', c.level) }}</span>
                </el-tag>
              </div>
              <div v-else class="muted">{{ t('common.none') }}</div>
            </page-card>
            <page-card :title="t('region.participants') + ' (' + detail.participants.length + ')'">
              <el-table :data="detail.participants" stripe border :empty-text="t('common.empty')">
                <el-table-column :label="t('participant.programme')" min-width="200"><template #default="{ row }"><a class="link" :href="'#/participants/' + row.id">{{ IC.progName(row.programme) }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
                <el-table-column :label="t('participant.batch')" min-width="140"><template #default="{ row }">{{ row.batch && row.batch.name }}</template></el-table-column>
                <el-table-column :label="t('participant.acceptance_year')" width="100" prop="acceptance_year"></el-table-column>
                <el-table-column :label="t('participant.status')" width="130"><template #default="{ row }"><status-tag :status="row.status" size="small"></status-tag></template></el-table-column>
              </el-table>
            </page-card>
            <page-card :title="t('region.orgs') + ' (' + detail.orgs.length + ')'">
              <el-table :data="detail.orgs" stripe border :empty-text="t('common.empty')">
                <el-table-column :label="t('org.name')" min-width="200"><template #default="{ row }"><a class="link" :href="'#/orgs/' + row.id">{{ row.name }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
                <el-table-column :label="t('org.kind')" width="140"><template #default="{ row }">{{ IC.codeLabel('org_kinds', row.kind) || row.kind_label }}</template></el-table-column>
                <el-table-column :label="t('org.aliases')" min-width="220"><template #default="{ row }"><el-tag v-for="a in row.aliases" :key="a" size="small" type="info" class="chip">{{ a }}</el-tag></template></el-table-column>
              </el-table>
            </page-card>
          </template>
        </div>
      </el-col>
      <el-dialog v-model="dlg.open" :title="dlg.mode === 'create' ? t('common.create') + ' · ' + t('nav.regions') : t('common.edit') + ' · ' + form.name" width="560px" append-to-body>
        <el-form ref="formRef" :model="form" :rules="formRules" label-width="110px" @submit.prevent="save">
          <el-form-item :label="t('region.code')" prop="code" :error="errs.code"><el-input v-model="form.code" :disabled="dlg.mode === 'edit'" maxlength="6"></el-input></el-form-item>
          <el-form-item :label="t('region.name')" prop="name" :error="errs.name"><el-input v-model="form.name"></el-input></el-form-item>
          <el-form-item :label="t('region.level')" prop="level" :error="errs.level">
            <el-select v-model="form.level" style="width: 100%"><el-option v-for="o in IC.codeOptions('region_levels')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="t('region.parent')" prop="parent_code" :error="errs.parent_code"><region-select v-model="form.parent_code"></region-select></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.saving" @click="save" data-test="region-save">{{ t('common.save') }}</el-button>
        </template>
      </el-dialog>
    </el-row>`,
  };

  // ------------------------------------------------------------------ organisations
  const OrgForm = {
    props: { modelValue: Boolean, org: Object },
    emits: ['update:modelValue', 'saved'],
    setup(props, { emit }) {
      const form = reactive({ name: '', kind: '', region_code: '', aliases: [] });
      const errs = reactive({ name: '', kind: '', region_code: '', aliases: '' });
      const formRef = ref(null);
      const saving = ref(false);
      const open = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) });
      watch(() => props.modelValue, (v) => {
        if (!v) return;
        const o = props.org;
        Object.assign(form, o ? { name: o.name, kind: o.kind, region_code: o.region ? o.region.code : '', aliases: (o.aliases || []).slice() }
          : { name: '', kind: '', region_code: '', aliases: [] });
        IC.clearFieldErrors(errs);
        nextTick(() => formRef.value && formRef.value.clearValidate());
      });
      const formRules = computed(() => ({ name: [rules.required(), rules.max(200)], kind: [rules.required('change')], region_code: [rules.required('change')] }));
      async function save() {
        IC.clearFieldErrors(errs);
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) return;
        saving.value = true;
        try {
          const body = { name: form.name.trim(), kind: form.kind, region_code: form.region_code, aliases: form.aliases.map((a) => a.trim()).filter(Boolean) };
          const r = props.org ? await api.put('/orgs/' + props.org.id, body) : await api.post('/orgs', body);
          ElementPlus.ElMessage.success(t('common.saved'));
          open.value = false;
          emit('saved', r && (r.org || r));
        } catch (e) {
          // aliases.N → aliases
          const f = {};
          Object.keys(e.fields || {}).forEach((k) => { f[k.replace(/[.[].*$/, '')] = e.fields[k]; });
          IC.applyFieldErrors(errs, { fields: f });
        } finally { saving.value = false; }
      }
      return { form, errs, formRef, formRules, saving, open, save, t, IC };
    },
    template: `<el-dialog v-model="open" :title="org ? t('org.edit') : t('org.create')" width="600px" append-to-body>
      <el-form ref="formRef" :model="form" :rules="formRules" label-width="110px" @submit.prevent="save">
        <el-form-item :label="t('org.name')" prop="name" :error="errs.name"><el-input id="org-name" v-model="form.name"></el-input></el-form-item>
        <el-form-item :label="t('org.kind')" prop="kind" :error="errs.kind">
          <el-select v-model="form.kind" style="width: 100%" data-test="org-kind"><el-option v-for="o in IC.codeOptions('org_kinds')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="t('org.region')" prop="region_code" :error="errs.region_code"><region-select v-model="form.region_code" :clearable="false"></region-select></el-form-item>
        <el-form-item :label="t('org.aliases')" prop="aliases" :error="errs.aliases">
          <el-select v-model="form.aliases" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="t('org.aliases_ph')" style="width: 100%" data-test="org-aliases"></el-select>
        </el-form-item>
      </el-form>
      <template #footer>
        <el-button @click="open = false" data-test="org-cancel">{{ t('common.cancel') }}</el-button>
        <el-button type="primary" :loading="saving" @click="save" data-test="org-save">{{ t('common.save') }}</el-button>
      </template>
    </el-dialog>`,
  };
  pages.OrgForm = OrgForm;

  pages.OrgsPage = {
    components: { OrgForm },
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.orgs') });
      setCrumbs(); watch(() => store.lang, setCrumbs);
      const f = reactive({ q: route.query.q || '', kind: route.query.kind || '', region_code: route.query.region_code || '' });
      const list = useList('/orgs', () => Object.assign({}, f));
      onMounted(list.load);
      const isAdmin = computed(() => IC.can.admin(store.user));
      const formOpen = ref(false);
      const editing = ref(null);
      function create() { editing.value = null; formOpen.value = true; }
      function edit(o) { editing.value = o; formOpen.value = true; }
      function reset() { f.q = ''; f.kind = ''; f.region_code = ''; list.search(); }
      function onSaved(o) { if (!editing.value && o && o.id) push('/orgs/' + o.id); else list.load(); }
      function exportCsv() {
        IC.exportCsv('/orgs', Object.assign({}, f), [
          { label: t('org.name'), value: (o) => o.name },
          { label: t('org.kind'), value: (o) => IC.codeLabel('org_kinds', o.kind) || o.kind_label },
          { label: t('org.region'), value: (o) => o.region && o.region.name },
          { label: t('region.code'), value: (o) => o.region && o.region.code },
          { label: t('org.aliases'), value: (o) => (o.aliases || []).join(';') },
          { label: t('common.demo'), value: (o) => (o.demo ? t('common.yes') : t('common.no')) },
        ], 'orgs.csv');
      }
      // alias lookup: 市发改委 → the one organisation whose name or alias has the same key
      const lookup = reactive({ name: '', busy: false });
      async function doLookup() {
        const name = lookup.name.trim();
        if (!name) return;
        lookup.busy = true;
        try {
          const o = await api.get('/orgs/lookup', { name }, { quiet: true });
          push('/orgs/' + (o.org ? o.org.id : o.id));
        } catch (e) {
          if (e.status === 404) ElementPlus.ElMessage.warning(store.lang === 'en' ? t('org.lookup_none', { name }) : e.message);
          else ElementPlus.ElMessage.error(e.message);
        } finally { lookup.busy = false; }
      }
      return { f, list, isAdmin, formOpen, editing, create, edit, reset, onSaved, exportCsv, lookup, doLookup, t, IC };
    },
    template: `<page-card :title="t('nav.orgs')">
      <template #extra>
        <el-input v-model="lookup.name" :placeholder="t('org.lookup_ph')" style="width: 300px" class="lookup" @keyup.enter="doLookup" data-test="org-lookup">
          <template #append><el-button :loading="lookup.busy" @click="doLookup" data-test="org-lookup-go">{{ t('org.lookup') }}</el-button></template>
        </el-input>
        <el-button v-if="isAdmin" type="primary" @click="create" data-test="org-create" class="ml"><el-icon><icon-plus></icon-plus></el-icon><span>{{ t('org.create') }}</span></el-button></template>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="t('common.keyword')"><el-input v-model="f.q" clearable :placeholder="t('org.search_ph')" style="width: 220px" @keyup.enter="list.search()" @clear="list.search()" data-test="org-q"></el-input></el-form-item>
        <el-form-item :label="t('org.kind')">
          <el-select v-model="f.kind" clearable :placeholder="t('common.all')" style="width: 160px" @change="list.search()"><el-option v-for="o in IC.codeOptions('org_kinds')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="t('org.region')"><div style="width: 220px"><region-select v-model="f.region_code" :placeholder="t('common.all')" @change="list.search()"></region-select></div></el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()" data-test="org-search"><el-icon><icon-search></icon-search></el-icon><span>{{ t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="t('common.empty')" data-test="orgs-table">
        <el-table-column :label="t('org.name')" min-width="200"><template #default="{ row }"><a class="link" :href="'#/orgs/' + row.id">{{ row.name }}</a> <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="t('org.aliases')" min-width="260"><template #default="{ row }"><el-tag v-for="a in row.aliases" :key="a" size="small" type="info" class="chip">{{ a }}</el-tag></template></el-table-column>
        <el-table-column :label="t('org.kind')" width="150"><template #default="{ row }">{{ IC.codeLabel('org_kinds', row.kind) || row.kind_label }}</template></el-table-column>
        <el-table-column :label="t('org.region')" width="160"><template #default="{ row }"><a v-if="row.region" class="link" :href="'#/regions/' + row.region.code">{{ row.region.name }}</a></template></el-table-column>
        <el-table-column :label="t('common.actions')" width="130" fixed="right">
          <template #default="{ row }">
            <el-button link type="primary" @click="IC.push('/orgs/' + row.id)">{{ t('common.view') }}</el-button>
            <el-button link type="primary" v-if="isAdmin" @click="edit(row)">{{ t('common.edit') }}</el-button>
          </template>
        </el-table-column>
      </el-table>
      <pager :list="list"></pager>
      <org-form v-model="formOpen" :org="editing" @saved="onSaved"></org-form>
    </page-card>`,
  };

  pages.OrgPage = {
    components: { OrgForm },
    setup() {
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const formOpen = ref(false);
      const isAdmin = computed(() => IC.can.admin(store.user));
      const setCrumbs = () => crumbs({ label: t('nav.orgs'), to: '/orgs' }, { label: data.value ? data.value.org.name : t('crumb.org') });
      async function load() {
        try { data.value = await api.get('/orgs/' + encodeURIComponent(route.params.id)); setCrumbs(); } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      watch(() => store.lang, setCrumbs);
      return { data, error, loading, formOpen, isAdmin, load, t, IC };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <template v-if="data">
        <page-card :title="data.org.name">
          <template #title-extra><demo-tag v-if="data.org.demo" class="ml"></demo-tag></template>
          <template #extra><el-button v-if="isAdmin" @click="formOpen = true" data-test="org-edit"><el-icon><icon-edit></icon-edit></el-icon><span>{{ t('common.edit') }}</span></el-button></template>
          <el-descriptions :column="2" border>
            <el-descriptions-item :label="t('org.name')">{{ data.org.name }}</el-descriptions-item>
            <el-descriptions-item :label="t('org.kind')">{{ IC.codeLabel('org_kinds', data.org.kind) || data.org.kind_label }}</el-descriptions-item>
            <el-descriptions-item :label="t('org.region')"><a v-if="data.org.region" class="link" :href="'#/regions/' + data.org.region.code">{{ data.org.region.name }}</a> <span class="muted" v-if="data.org.region">{{ data.org.region.code }}</span></el-descriptions-item>
            <el-descriptions-item :label="t('org.aliases')">
              <el-tag v-for="a in data.org.aliases" :key="a" type="info" class="chip">{{ a }}</el-tag><span v-if="!data.org.aliases || !data.org.aliases.length" class="muted">{{ t('common.none') }}</span>
            </el-descriptions-item>
          </el-descriptions>
        </page-card>
        <page-card :title="t('org.users')" v-if="isAdmin && data.users">
          <el-table :data="data.users" stripe border :empty-text="t('common.empty')">
            <el-table-column :label="t('user.username')" prop="username" width="160"></el-table-column>
            <el-table-column :label="t('user.display_name')" prop="display_name" min-width="140"></el-table-column>
            <el-table-column :label="t('user.role')" width="150"><template #default="{ row }">{{ IC.codeLabel('roles', row.role) }}</template></el-table-column>
            <el-table-column :label="t('user.state')" width="100"><template #default="{ row }"><el-tag :type="row.disabled ? 'info' : 'success'" size="small">{{ row.disabled ? t('user.disabled') : t('user.enabled') }}</el-tag></template></el-table-column>
          </el-table>
        </page-card>
        <org-form v-model="formOpen" :org="data.org" @saved="load"></org-form>
      </template>
    </div>`,
  };

  // ------------------------------------------------------------------ indicators
  const IndicatorForm = {
    props: { modelValue: Boolean, indicator: Object },
    emits: ['update:modelValue', 'saved'],
    setup(props, { emit }) {
      const empty = () => ({ code: '', name_zh: '', name_en: '', synonyms: [], unit: '', direction: 'positive', definition: '', source_dept: '', formula: '', aggregation: 'latest', unverified: false });
      const form = reactive(empty());
      const errs = reactive({ code: '', name_zh: '', name_en: '', synonyms: '', unit: '', direction: '', definition: '', source_dept: '', formula: '', aggregation: '' });
      const formRef = ref(null);
      const saving = ref(false);
      const open = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) });
      watch(() => props.modelValue, (v) => {
        if (!v) return;
        const i = props.indicator;
        Object.assign(form, empty(), i ? JSON.parse(JSON.stringify(i)) : {});
        if (!Array.isArray(form.synonyms)) form.synonyms = [];
        ['unit', 'definition', 'source_dept', 'formula', 'name_en'].forEach((k) => { if (form[k] === null || form[k] === undefined) form[k] = ''; });
        IC.clearFieldErrors(errs);
        nextTick(() => formRef.value && formRef.value.clearValidate());
      });
      const formRules = computed(() => ({
        code: [rules.required(), rules.max(64), { pattern: /^[A-Za-z0-9_.-]+$/, message: () => (store.lang === 'en' ? 'Letters, digits, _ . - only' : '只能包含字母、数字和 _ . -'), trigger: 'blur' }],
        name_zh: [rules.required(), rules.max(200)],
        name_en: [rules.required(), rules.max(200)],
        direction: [rules.required('change')],
        aggregation: [rules.required('change')],
      }));
      async function save() {
        IC.clearFieldErrors(errs);
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) return;
        saving.value = true;
        try {
          const body = {
            code: form.code.trim(), name_zh: form.name_zh.trim(), name_en: form.name_en.trim(),
            synonyms: form.synonyms.map((s) => s.trim()).filter(Boolean), unit: form.unit.trim() || null,
            direction: form.direction, definition: form.definition, source_dept: form.source_dept, formula: form.formula,
            aggregation: form.aggregation, unverified: !!form.unverified,
          };
          const r = props.indicator ? await api.put('/indicators/' + props.indicator.id, body) : await api.post('/indicators', body);
          ElementPlus.ElMessage.success(t('common.saved'));
          open.value = false;
          emit('saved', r && (r.indicator || r));
        } catch (e) {
          const f = {};
          Object.keys(e.fields || {}).forEach((k) => { f[k.replace(/[.[].*$/, '')] = e.fields[k]; });
          IC.applyFieldErrors(errs, { fields: f });
        } finally { saving.value = false; }
      }
      return { form, errs, formRef, formRules, saving, open, save, t, IC };
    },
    template: `<el-dialog v-model="open" :title="indicator ? t('ind.edit') : t('ind.create')" width="760px" append-to-body top="6vh">
      <el-form ref="formRef" :model="form" :rules="formRules" label-width="150px" @submit.prevent="save">
        <el-row :gutter="12">
          <el-col :span="12"><el-form-item :label="t('ind.code')" prop="code" :error="errs.code"><el-input id="ind-code" v-model="form.code"></el-input></el-form-item></el-col>
          <el-col :span="12"><el-form-item :label="t('ind.unit')" prop="unit" :error="errs.unit"><el-input v-model="form.unit" placeholder="%"></el-input></el-form-item></el-col>
        </el-row>
        <el-form-item :label="t('ind.name_zh')" prop="name_zh" :error="errs.name_zh"><el-input id="ind-name-zh" v-model="form.name_zh"></el-input></el-form-item>
        <el-form-item :label="t('ind.name_en')" prop="name_en" :error="errs.name_en"><el-input id="ind-name-en" v-model="form.name_en"></el-input></el-form-item>
        <el-form-item :label="t('ind.synonyms')" prop="synonyms" :error="errs.synonyms">
          <el-select v-model="form.synonyms" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="t('ind.synonyms_ph')" style="width: 100%" data-test="ind-synonyms"></el-select>
        </el-form-item>
        <el-row :gutter="12">
          <el-col :span="12"><el-form-item :label="t('ind.direction')" prop="direction" :error="errs.direction">
            <el-select v-model="form.direction" style="width: 100%"><el-option v-for="o in IC.codeOptions('directions')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item></el-col>
          <el-col :span="12"><el-form-item :label="t('ind.aggregation')" prop="aggregation" :error="errs.aggregation">
            <el-select v-model="form.aggregation" style="width: 100%"><el-option v-for="o in IC.codeOptions('aggregations')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item></el-col>
        </el-row>
        <el-form-item :label="t('ind.source_dept')" prop="source_dept" :error="errs.source_dept"><el-input v-model="form.source_dept"></el-input></el-form-item>
        <el-form-item :label="t('ind.formula')" prop="formula" :error="errs.formula"><el-input v-model="form.formula" placeholder="rd_expenditure / gdp * 100"></el-input></el-form-item>
        <el-form-item :label="t('ind.definition')" prop="definition" :error="errs.definition"><el-input v-model="form.definition" type="textarea" :rows="3"></el-input></el-form-item>
        <el-form-item :label="t('ind.unverified')"><el-switch v-model="form.unverified"></el-switch></el-form-item>
      </el-form>
      <template #footer>
        <el-button @click="open = false" data-test="ind-cancel">{{ t('common.cancel') }}</el-button>
        <el-button type="primary" :loading="saving" @click="save" data-test="ind-save">{{ t('common.save') }}</el-button>
      </template>
    </el-dialog>`,
  };

  pages.IndicatorsPage = {
    components: { IndicatorForm },
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.indicators') });
      setCrumbs(); watch(() => store.lang, setCrumbs);
      const f = reactive({ q: route.query.q || '' });
      const list = useList('/indicators', () => Object.assign({}, f), { perPage: 50 });
      onMounted(list.load);
      const isAdmin = computed(() => IC.can.admin(store.user));
      const formOpen = ref(false);
      function onSaved(i) { if (i && i.id) push('/indicators/' + i.id); else list.load(); }
      function exportCsv() {
        IC.exportCsv('/indicators', Object.assign({}, f), [
          { label: t('ind.code'), value: (i) => i.code },
          { label: t('ind.name_zh'), value: (i) => i.name_zh },
          { label: t('ind.name_en'), value: (i) => i.name_en },
          { label: t('ind.synonyms'), value: (i) => (i.synonyms || []).join(';') },
          { label: t('ind.unit'), value: (i) => i.unit },
          { label: t('ind.direction'), value: (i) => IC.codeLabel('directions', i.direction) },
          { label: t('ind.aggregation'), value: (i) => IC.codeLabel('aggregations', i.aggregation) },
          { label: t('ind.source_dept'), value: (i) => i.source_dept },
          { label: t('ind.formula'), value: (i) => i.formula },
          { label: t('ind.definition'), value: (i) => i.definition },
        ], 'indicators.csv');
      }
      return { f, list, isAdmin, formOpen, onSaved, exportCsv, t, IC, store };
    },
    template: `<page-card :title="t('nav.indicators')">
      <template #extra><el-button v-if="isAdmin" type="primary" @click="formOpen = true" data-test="ind-create"><el-icon><icon-plus></icon-plus></el-icon><span>{{ t('ind.create') }}</span></el-button></template>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="t('common.keyword')"><el-input v-model="f.q" clearable :placeholder="t('ind.search_ph')" style="width: 260px" @keyup.enter="list.search()" @clear="list.search()" data-test="ind-q"></el-input></el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()"><el-icon><icon-search></icon-search></el-icon><span>{{ t('common.search') }}</span></el-button>
          <el-button @click="f.q = ''; list.search()">{{ t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="t('common.empty')" data-test="indicators-table">
        <el-table-column :label="t('ind.code')" width="210"><template #default="{ row }"><a class="link mono" :href="'#/indicators/' + row.id">{{ row.code }}</a></template></el-table-column>
        <el-table-column :label="store.lang === 'en' ? t('ind.name_en') : t('ind.name_zh')" min-width="220">
          <template #default="{ row }"><a class="link" :href="'#/indicators/' + row.id">{{ store.lang === 'en' ? (row.name_en || row.name_zh) : row.name_zh }}</a> <demo-tag v-if="row.demo"></demo-tag> <el-tag v-if="row.unverified" type="warning" size="small" effect="plain">{{ t('ind.unverified') }}</el-tag></template>
        </el-table-column>
        <el-table-column :label="t('ind.synonyms')" min-width="240"><template #default="{ row }"><el-tag v-for="s in (row.synonyms || []).slice(0, 4)" :key="s" size="small" type="info" class="chip">{{ s }}</el-tag><span class="muted small" v-if="(row.synonyms || []).length > 4">+{{ row.synonyms.length - 4 }}</span></template></el-table-column>
        <el-table-column :label="t('ind.unit')" width="100" prop="unit"></el-table-column>
        <el-table-column :label="t('ind.direction')" width="90"><template #default="{ row }">{{ IC.codeLabel('directions', row.direction) }}</template></el-table-column>
        <el-table-column :label="t('ind.aggregation')" width="130"><template #default="{ row }">{{ IC.codeLabel('aggregations', row.aggregation) }}</template></el-table-column>
        <el-table-column :label="t('ind.source_dept')" width="140" prop="source_dept" show-overflow-tooltip></el-table-column>
      </el-table>
      <pager :list="list"></pager>
      <indicator-form v-model="formOpen" @saved="onSaved"></indicator-form>
    </page-card>`,
  };

  pages.IndicatorPage = {
    components: { IndicatorForm },
    setup() {
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const formOpen = ref(false);
      const isAdmin = computed(() => IC.can.admin(store.user));
      const name = computed(() => (data.value ? (store.lang === 'en' ? (data.value.name_en || data.value.name_zh) : data.value.name_zh) : ''));
      const setCrumbs = () => crumbs({ label: t('nav.indicators'), to: '/indicators' }, { label: name.value || t('crumb.indicator') });
      async function load() {
        try { const r = await api.get('/indicators/' + encodeURIComponent(route.params.id)); data.value = r.indicator || r; setCrumbs(); } catch (e) { error.value = e.message; } finally { loading.value = false; }
      }
      onMounted(load);
      watch(() => store.lang, setCrumbs);
      return { data, error, loading, formOpen, isAdmin, name, load, t, IC };
    },
    template: `<div v-loading="loading">
      <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"></el-alert>
      <page-card v-if="data" :title="name">
        <template #title-extra><el-tag v-if="data.unverified" type="warning" effect="plain" class="ml">{{ t('ind.unverified') }}</el-tag></template>
        <template #extra><el-button v-if="isAdmin" @click="formOpen = true" data-test="ind-edit"><el-icon><icon-edit></icon-edit></el-icon><span>{{ t('common.edit') }}</span></el-button></template>
        <el-alert v-if="data.unverified" :title="t('ind.unverified_hint')" type="warning" :closable="false" class="mb"></el-alert>
        <el-descriptions :column="2" border>
          <el-descriptions-item :label="t('ind.code')"><span class="mono">{{ data.code }}</span></el-descriptions-item>
          <el-descriptions-item :label="t('ind.unit')">{{ data.unit || '—' }}</el-descriptions-item>
          <el-descriptions-item :label="t('ind.name_zh')">{{ data.name_zh }}</el-descriptions-item>
          <el-descriptions-item :label="t('ind.name_en')">{{ data.name_en || '—' }}</el-descriptions-item>
          <el-descriptions-item :label="t('ind.direction')">{{ IC.codeLabel('directions', data.direction) }}</el-descriptions-item>
          <el-descriptions-item :label="t('ind.aggregation')">{{ IC.codeLabel('aggregations', data.aggregation) }}</el-descriptions-item>
          <el-descriptions-item :label="t('ind.synonyms')" :span="2"><el-tag v-for="s in data.synonyms" :key="s" type="info" class="chip">{{ s }}</el-tag><span v-if="!data.synonyms || !data.synonyms.length" class="muted">{{ t('common.none') }}</span></el-descriptions-item>
          <el-descriptions-item :label="t('ind.formula')" :span="2"><code class="formula">{{ data.formula || '—' }}</code></el-descriptions-item>
          <el-descriptions-item :label="t('ind.source_dept')" :span="2">{{ data.source_dept || '—' }}</el-descriptions-item>
          <el-descriptions-item :label="t('ind.definition')" :span="2"><div class="prewrap">{{ data.definition || '—' }}</div></el-descriptions-item>
        </el-descriptions>
        <indicator-form v-model="formOpen" :indicator="data" @saved="load"></indicator-form>
      </page-card>
    </div>`,
  };

  // ------------------------------------------------------------------ users (admin)
  pages.UsersPage = {
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.users') });
      setCrumbs(); watch(() => store.lang, setCrumbs);
      const f = reactive({ q: '', role: '', org_id: '' });
      const list = useList('/users', () => Object.assign({}, f));
      onMounted(list.load);
      function reset() { f.q = ''; f.role = ''; f.org_id = ''; list.search(); }

      // create / edit
      const dlg = reactive({ open: false, mode: 'create', saving: false, user: null });
      const form = reactive({ username: '', display_name: '', role: '', org_id: null, password: '', disabled: false });
      const errs = reactive({ username: '', display_name: '', role: '', org_id: '', password: '', disabled: '' });
      const formRef = ref(null);
      const formRules = computed(() => {
        const r = {
          display_name: [rules.required(), rules.max(100)],
          role: [rules.required('change')],
          org_id: [rules.required('change')],
        };
        if (dlg.mode === 'create') {
          r.username = [rules.required(), rules.max(64), { pattern: /^[A-Za-z0-9_.-]+$/, message: () => (store.lang === 'en' ? 'Letters, digits, _ . - only' : '只能包含字母、数字和 _ . -'), trigger: 'blur' }];
          r.password = [rules.required(), { min: 10, message: () => t('password.too_short'), trigger: 'blur' }];
        }
        return r;
      });
      function openCreate() {
        dlg.mode = 'create'; dlg.user = null;
        Object.assign(form, { username: '', display_name: '', role: '', org_id: null, password: '', disabled: false });
        IC.clearFieldErrors(errs); dlg.open = true;
        nextTick(() => formRef.value && formRef.value.clearValidate());
      }
      function openEdit(u) {
        dlg.mode = 'edit'; dlg.user = u;
        Object.assign(form, { username: u.username, display_name: u.display_name, role: u.role, org_id: u.org ? u.org.id : null, password: '', disabled: !!u.disabled });
        IC.clearFieldErrors(errs); dlg.open = true;
        nextTick(() => formRef.value && formRef.value.clearValidate());
      }
      async function save() {
        IC.clearFieldErrors(errs);
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) return;
        dlg.saving = true;
        try {
          if (dlg.mode === 'create') {
            await api.post('/users', { username: form.username.trim(), display_name: form.display_name.trim(), role: form.role, org_id: form.org_id, password: form.password });
          } else {
            await api.put('/users/' + dlg.user.id, { display_name: form.display_name.trim(), role: form.role, org_id: form.org_id, disabled: form.disabled });
          }
          dlg.open = false;
          ElementPlus.ElMessage.success(t('common.saved'));
          list.load();
        } catch (e) { IC.applyFieldErrors(errs, e); } finally { dlg.saving = false; }
      }

      // reset password
      const pw = reactive({ open: false, user: null, password: '', error: '', saving: false });
      const pwRef = ref(null);
      const pwRules = computed(() => ({ password: [rules.required(), { min: 10, message: () => t('password.too_short'), trigger: 'blur' }] }));
      function openPw(u) { pw.user = u; pw.password = ''; pw.error = ''; pw.open = true; nextTick(() => pwRef.value && pwRef.value.clearValidate()); }
      async function savePw() {
        pw.error = '';
        const ok = await pwRef.value.validate().catch(() => false);
        if (!ok) return;
        pw.saving = true;
        try {
          await api.post('/users/' + pw.user.id + '/password', { password: pw.password });
          pw.open = false;
          ElementPlus.ElMessage.success(t('user.reset_done'));
          list.load();
        } catch (e) { pw.error = (e.fields && (e.fields.password || e.fields.new_password)) || ''; } finally { pw.saving = false; }
      }
      return { f, list, reset, dlg, form, errs, formRef, formRules, openCreate, openEdit, save, pw, pwRef, pwRules, openPw, savePw, t, IC, store };
    },
    template: `<page-card :title="t('nav.users')">
      <template #extra><el-button type="primary" @click="openCreate" data-test="user-create"><el-icon><icon-plus></icon-plus></el-icon><span>{{ t('user.create') }}</span></el-button></template>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="t('common.keyword')"><el-input v-model="f.q" clearable :placeholder="t('user.search_ph')" style="width: 180px" @keyup.enter="list.search()" @clear="list.search()"></el-input></el-form-item>
        <el-form-item :label="t('user.role')">
          <el-select v-model="f.role" clearable :placeholder="t('common.all')" style="width: 160px" @change="list.search()"><el-option v-for="o in IC.codeOptions('roles')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="t('user.org')"><div style="width: 220px"><org-select v-model="f.org_id" :placeholder="t('common.all')" @update:model-value="list.search()"></org-select></div></el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()"><el-icon><icon-search></icon-search></el-icon><span>{{ t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ t('common.reset') }}</el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="t('common.empty')" data-test="users-table">
        <el-table-column :label="t('user.username')" width="170"><template #default="{ row }">{{ row.username }} <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="t('user.display_name')" prop="display_name" min-width="130"></el-table-column>
        <el-table-column :label="t('user.role')" width="140"><template #default="{ row }">{{ IC.codeLabel('roles', row.role) }}</template></el-table-column>
        <el-table-column :label="t('user.org')" min-width="180"><template #default="{ row }"><a v-if="row.org" class="link" :href="'#/orgs/' + row.org.id">{{ row.org.name }}</a></template></el-table-column>
        <el-table-column :label="t('user.state')" width="170">
          <template #default="{ row }">
            <el-tag :type="row.disabled ? 'info' : 'success'" size="small">{{ row.disabled ? t('user.disabled') : t('user.enabled') }}</el-tag>
            <el-tag v-if="row.must_change_password" type="warning" size="small" class="ml">{{ t('user.must_change') }}</el-tag>
          </template>
        </el-table-column>
        <el-table-column :label="t('user.last_login')" width="150"><template #default="{ row }">{{ IC.fmtTime(row.last_login_at) || '—' }}</template></el-table-column>
        <el-table-column :label="t('common.actions')" width="170" fixed="right">
          <template #default="{ row }">
            <el-button link type="primary" @click="openEdit(row)" :data-test="'user-edit-' + row.username">{{ t('common.edit') }}</el-button>
            <el-button link type="warning" @click="openPw(row)" :data-test="'user-pw-' + row.username">{{ t('user.reset_pw') }}</el-button>
          </template>
        </el-table-column>
      </el-table>
      <pager :list="list"></pager>

      <el-dialog v-model="dlg.open" :title="dlg.mode === 'create' ? t('user.create') : t('user.edit') + ' · ' + form.username" width="560px" append-to-body>
        <el-form ref="formRef" :model="form" :rules="formRules" label-width="110px" @submit.prevent="save">
          <el-form-item :label="t('user.username')" prop="username" :error="errs.username"><el-input id="user-username" v-model="form.username" :disabled="dlg.mode === 'edit'" autocomplete="off"></el-input></el-form-item>
          <el-form-item :label="t('user.display_name')" prop="display_name" :error="errs.display_name"><el-input id="user-display-name" v-model="form.display_name"></el-input></el-form-item>
          <el-form-item :label="t('user.role')" prop="role" :error="errs.role">
            <el-select v-model="form.role" style="width: 100%"><el-option v-for="o in IC.codeOptions('roles')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="t('user.org')" prop="org_id" :error="errs.org_id"><org-select v-model="form.org_id" :initial-label="dlg.user && dlg.user.org ? dlg.user.org.name : ''" :placeholder="t('user.org_ph')"></org-select></el-form-item>
          <el-form-item v-if="dlg.mode === 'create'" :label="t('user.password')" prop="password" :error="errs.password">
            <el-input id="user-password" v-model="form.password" type="password" show-password autocomplete="new-password"></el-input>
            <div class="form-hint">{{ t('password.policy') }}</div>
          </el-form-item>
          <el-form-item v-if="dlg.mode === 'edit'" :label="t('user.disabled')" :error="errs.disabled"><el-switch v-model="form.disabled"></el-switch></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false" data-test="user-cancel">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.saving" @click="save" data-test="user-save">{{ t('common.save') }}</el-button>
        </template>
      </el-dialog>

      <el-dialog v-model="pw.open" :title="t('user.reset_pw_title', { name: pw.user ? pw.user.display_name + ' (' + pw.user.username + ')' : '' })" width="480px" append-to-body>
        <el-form ref="pwRef" :model="pw" :rules="pwRules" label-width="100px" @submit.prevent="savePw">
          <el-form-item :label="t('user.new_password')" prop="password" :error="pw.error"><el-input v-model="pw.password" type="password" show-password autocomplete="new-password"></el-input><div class="form-hint">{{ t('password.policy') }}</div></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="pw.open = false">{{ t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="pw.saving" @click="savePw" data-test="user-pw-save">{{ t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
    </page-card>`,
  };

  // ------------------------------------------------------------------ audit log
  pages.AuditPage = {
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.audit') });
      setCrumbs(); watch(() => store.lang, setCrumbs);
      const f = reactive({ entity: '', action: '', user: '', dates: null });
      const params = () => ({ entity: f.entity, action: f.action, user: f.user, from: f.dates ? f.dates[0] : '', to: f.dates ? f.dates[1] : '' });
      const list = useList('/audit', params);
      onMounted(list.load);
      const actions = ['create', 'update', 'delete', 'login', 'logout', 'login_failed', 'transition', 'password'];
      const entities = ['user', 'org', 'region', 'indicator', 'participant', 'programme', 'batch', 'session', 'plan'];
      const label = (kind, code) => { const k = kind + '.' + code; const s = t(k); return s === k ? code : s; };
      const actionType = { create: 'success', update: 'primary', delete: 'danger', login: 'info', logout: 'info', login_failed: 'warning', transition: 'warning', password: 'info' };
      function reset() { f.entity = ''; f.action = ''; f.user = ''; f.dates = null; list.search(); }
      function exportCsv() {
        IC.exportCsv('/audit', params(), [
          { label: t('audit.at'), value: (r) => r.at },
          { label: t('audit.user'), value: (r) => (r.user ? r.user.username : '') },
          { label: t('audit.action'), value: (r) => r.action },
          { label: t('audit.entity'), value: (r) => r.entity },
          { label: t('audit.entity_id'), value: (r) => r.entity_id },
          { label: t('audit.before'), value: (r) => (r.before ? JSON.stringify(r.before) : '') },
          { label: t('audit.after'), value: (r) => (r.after ? JSON.stringify(r.after) : '') },
        ], 'audit.csv');
      }
      return { f, list, actions, entities, label, actionType, reset, exportCsv, t, IC };
    },
    template: `<page-card :title="t('nav.audit')">
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="t('audit.entity')">
          <el-select v-model="f.entity" clearable filterable allow-create :placeholder="t('common.all')" style="width: 150px" @change="list.search()" data-test="audit-entity">
            <el-option v-for="e in entities" :key="e" :label="label('entity', e)" :value="e"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="t('audit.action')">
          <el-select v-model="f.action" clearable :placeholder="t('common.all')" style="width: 140px" @change="list.search()" data-test="audit-action">
            <el-option v-for="a in actions" :key="a" :label="label('action', a)" :value="a"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="t('audit.user')"><el-input v-model="f.user" clearable :placeholder="t('audit.user_ph')" style="width: 140px" @keyup.enter="list.search()" @clear="list.search()"></el-input></el-form-item>
        <el-form-item :label="t('audit.date_range')">
          <el-date-picker v-model="f.dates" type="daterange" value-format="YYYY-MM-DD" :start-placeholder="t('audit.from')" :end-placeholder="t('audit.to')" style="width: 250px" @change="list.search()"></el-date-picker>
        </el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()"><el-icon><icon-search></icon-search></el-icon><span>{{ t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="t('common.empty')" row-key="id" data-test="audit-table">
        <el-table-column type="expand">
          <template #default="{ row }">
            <div class="audit-expand">
              <div><div class="json-title">{{ t('audit.before') }}</div><json-view :value="row.before"></json-view></div>
              <div><div class="json-title">{{ t('audit.after') }}</div><json-view :value="row.after"></json-view></div>
            </div>
          </template>
        </el-table-column>
        <el-table-column :label="t('audit.at')" width="160"><template #default="{ row }">{{ IC.fmtTime(row.at) }}</template></el-table-column>
        <el-table-column :label="t('audit.user')" width="140"><template #default="{ row }">{{ row.user ? row.user.username : t('audit.system') }}</template></el-table-column>
        <el-table-column :label="t('audit.action')" width="120"><template #default="{ row }"><el-tag size="small" :type="actionType[row.action] || 'info'">{{ label('action', row.action) }}</el-tag></template></el-table-column>
        <el-table-column :label="t('audit.entity')" width="130"><template #default="{ row }">{{ label('entity', row.entity) }}</template></el-table-column>
        <el-table-column :label="t('audit.entity_id')" min-width="120" prop="entity_id"></el-table-column>
      </el-table>
      <pager :list="list"></pager>
    </page-card>`,
  };

  // ------------------------------------------------------------------ about
  pages.AboutPage = {
    setup() {
      const setCrumbs = () => crumbs({ label: t('nav.about') });
      setCrumbs(); watch(() => store.lang, setCrumbs);
      const libs = [
        { name: 'Vue', version: Vue.version, licence: 'MIT' },
        { name: 'Element Plus', version: ElementPlus.version, licence: 'MIT' },
        { name: '@element-plus/icons-vue', version: '2.3.2', licence: 'MIT' },
        { name: 'Apache ECharts', version: echarts.version, licence: 'Apache-2.0' },
      ];
      return { libs, t, store, IC };
    },
    template: `<page-card :title="t('about.title')">
      <el-descriptions :column="1" border>
        <el-descriptions-item :label="t('app.title')"><span class="muted" v-if="store.lang === 'en'">创新型城市建设监测评价平台 · </span>innocity</el-descriptions-item>
        <el-descriptions-item :label="t('about.version')"><span data-test="about-version">{{ store.meta ? store.meta.version : '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="t('about.user')" v-if="store.user">{{ store.user.display_name }} ({{ store.user.username }}) · {{ IC.codeLabel('roles', store.user.role) }} · {{ store.user.org && store.user.org.name }}</el-descriptions-item>
        <el-descriptions-item :label="t('about.api')"><a class="link" href="/api/v1/openapi.json" target="_blank">/api/v1/openapi.json</a></el-descriptions-item>
      </el-descriptions>
      <p class="about-text">{{ t('about.desc') }}</p>
      <p class="about-text muted">{{ t('about.offline') }}</p>
      <h4>{{ t('about.components') }}</h4>
      <el-table :data="libs" border size="small" style="max-width: 560px">
        <el-table-column prop="name" label="" min-width="200"></el-table-column>
        <el-table-column prop="version" :label="t('about.version')" width="110"></el-table-column>
        <el-table-column prop="licence" :label="t('about.licence')" width="120"></el-table-column>
      </el-table>
    </page-card>`,
  };

  pages.NotFoundPage = {
    setup() { crumbs({ label: t('notfound.title') }); return { t, IC }; },
    template: `<page-card><el-result icon="warning" :title="t('notfound.title')"><template #extra><el-button type="primary" @click="IC.push('/')">{{ t('notfound.back') }}</el-button></template></el-result></page-card>`,
  };

  IC.pages = pages;
})();
