/* innocity web UI — registry: one participant — facts, status history and status changes. */
'use strict';
IC.module('registry', ({ t, api, crumbs, store, area }) => {
  const { reactive, ref, computed, watch, onMounted } = Vue;

  // ------------------------------------------------------------------ participant detail
  const ParticipantPage = {
    setup() {
      const route = VueRouter.useRoute();
      const data = ref(null);
      const error = ref('');
      const loading = ref(true);
      const dlg = reactive({ open: false, to: '', toLabel: '', fromLabel: '', note: '', saving: false, error: '' });
      const setCrumbs = () => {
        const p = data.value && data.value.participant;
        if (!p) return;
        crumbs(
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
      const mayTransition = computed(() => store.hasAccess('manage'));
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
                <a class="link ml" :href="'#/plans?participant_id=' + data.participant.id" data-test="participant-plans"><el-icon><icon-notebook></icon-notebook></el-icon> {{ $t('participant.plans') }}</a>
              </div>
              <el-descriptions :column="2" border class="mt">
                <el-descriptions-item :label="$t('participant.region')">
                  <a class="link" :href="'#/regions/' + data.participant.region.code">{{ data.participant.region.name }}</a>
                  <span class="muted ml">{{ data.participant.region.code }} · {{ IC.codeLabel('region_levels', data.participant.region.level) }}</span>
                </el-descriptions-item>
                <el-descriptions-item :label="$t('participant.programme')"><a class="link" :href="'#/programmes/' + data.participant.programme.id">{{ IC.progName(data.participant.programme) }}</a></el-descriptions-item>
                <el-descriptions-item :label="$t('participant.batch')">{{ data.participant.batch && data.participant.batch.name }}</el-descriptions-item>
                <el-descriptions-item :label="$t('participant.theme')">{{ data.participant.theme || '—' }}</el-descriptions-item>
                <el-descriptions-item :label="$t('participant.period')">{{ period(data.participant) }}</el-descriptions-item>
                <el-descriptions-item :label="$t('participant.acceptance_year')">{{ data.participant.acceptance_year || '—' }}</el-descriptions-item>
                <el-descriptions-item :label="$t('participant.status')"><status-tag :status="data.participant.status" size="small"></status-tag></el-descriptions-item>
                <el-descriptions-item :label="$t('participant.updated_at')">{{ IC.fmtTime(data.participant.updated_at) }}</el-descriptions-item>
              </el-descriptions>
            </page-card>
            <page-card :title="$t('participant.transitions')">
              <div v-if="mayTransition && data.allowed_transitions && data.allowed_transitions.length" class="transition-buttons">
                <el-button v-for="tr in data.allowed_transitions" :key="tr.code" :type="IC.statusTagType[tr.code] === 'primary' ? 'primary' : (IC.statusTagType[tr.code] || 'primary')"
                  @click="open(tr)" :data-test="'transition-' + tr.code" :id="'transition-' + tr.code">
                  → {{ transLabel(tr) }}
                </el-button>
              </div>
              <el-empty v-else :description="mayTransition ? $t('participant.final_status') : $t('participant.no_permission')" :image-size="60"></el-empty>
            </page-card>
          </el-col>
          <el-col :xs="24" :lg="9">
            <page-card :title="$t('participant.history')">
              <el-timeline data-test="status-history">
                <el-timeline-item v-for="h in history" :key="h.id" :timestamp="IC.fmtTime(h.changed_at)" placement="top" :color="IC.statusColor[h.to_status]">
                  <div class="history-row" :data-test="'history-' + h.to_status">
                    <status-tag v-if="h.from_status" :status="h.from_status" size="small"></status-tag><span v-else class="muted">{{ $t('history.initial') }}</span>
                    <span class="arrow">→</span><status-tag :status="h.to_status" size="small"></status-tag>
                  </div>
                  <div class="history-note" v-if="h.note">{{ h.note }}</div>
                  <div class="muted small">{{ $t('history.by') }}: {{ h.changed_by ? h.changed_by.display_name : $t('audit.system') }}</div>
                </el-timeline-item>
              </el-timeline>
              <el-empty v-if="!history.length" :image-size="60"></el-empty>
            </page-card>
          </el-col>
        </el-row>
      </template>
      <el-dialog v-model="dlg.open" :title="$t('transition.title', { from: dlg.fromLabel, to: dlg.toLabel })" width="520px" data-test="transition-dialog" append-to-body>
        <el-alert v-if="dlg.error" :title="dlg.error" type="error" show-icon :closable="false" class="mb" data-test="transition-error"></el-alert>
        <el-form label-position="top" @submit.prevent>
          <el-form-item :label="$t('transition.note')">
            <el-input id="transition-note" data-test="transition-note" v-model="dlg.note" type="textarea" :rows="3" maxlength="2000" show-word-limit :placeholder="$t('transition.note_ph')"></el-input>
          </el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false" data-test="transition-cancel">{{ $t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.saving" @click="confirm" data-test="transition-confirm" id="transition-confirm">{{ $t('common.confirm') }}</el-button>
        </template>
      </el-dialog>
    </div>`,
  };

  area.routes.push(
    { path: '/participants/:id', name: 'participant', component: ParticipantPage, meta: { nav: '/participants', crumb: [{ key: 'nav.participants', to: '/participants' }] } },
  );
});
