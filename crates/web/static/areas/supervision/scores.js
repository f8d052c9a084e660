/* innocity web UI — supervision: unit ranking (考核排名), scoring rules and the 情况通报 download. */
'use strict';
IC.module('supervision', ({ t, api, store, area }) => {
  const { reactive, ref, computed, onMounted } = Vue;

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
      onMounted(load);
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
      onMounted(() => { if (store.hasAccess('coordinate')) loadRules(); });
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
      <div class="detail-head"><h2>{{ $t('nav.scores') }}</h2>
        <span class="head-actions"><el-button v-if="store.hasAccess('coordinate')" tag="a" :href="bulletinUrl" download data-test="sv-bulletin"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('sv.bulletin') }}</span></el-button></span>
      </div>
      <el-form inline @submit.prevent="load">
        <el-form-item :label="$t('sv.from')"><el-input v-model="q.from" placeholder="YYYY-MM-DD" style="width: 130px" id="sv-from"></el-input></el-form-item>
        <el-form-item :label="$t('sv.to')"><el-input v-model="q.to" placeholder="YYYY-MM-DD" style="width: 130px" id="sv-to"></el-input></el-form-item>
        <el-form-item><el-button type="primary" @click="load" data-test="sv-scores-load">{{ $t('common.search') }}</el-button></el-form-item>
      </el-form>
      <p v-if="data" class="muted small">{{ $t('sv.rule_text', data.rules) }}</p>
      <el-table v-if="data" :data="data.rows" v-loading="loading" border stripe data-test="sv-scores">
        <el-table-column :label="$t('sv.rank')" prop="rank" width="70"></el-table-column>
        <el-table-column :label="$t('sv.department')" prop="org_name" min-width="160"></el-table-column>
        <el-table-column :label="$t('sv.score')" width="90"><template #default="{ row }"><strong :data-test="'sv-score-' + row.org_name">{{ row.score.toFixed(1) }}</strong></template></el-table-column>
        <el-table-column :label="$t('sv.on_time')" prop="on_time_reports" width="100"></el-table-column>
        <el-table-column :label="$t('sv.missed')" prop="missed_reports" width="110"></el-table-column>
        <el-table-column :label="$t('sv.overdue_days')" prop="overdue_days" width="100"></el-table-column>
        <el-table-column :label="$t('sv.completed')" prop="completed" width="100"></el-table-column>
        <el-table-column :label="$t('sv.completed_late')" prop="completed_late" width="100"></el-table-column>
        <el-table-column :label="$t('sv.timeliness')" width="110"><template #default="{ row }">{{ pctOf(row.timeliness) }}</template></el-table-column>
      </el-table>
      <el-collapse v-if="rules" class="mt">
        <el-collapse-item :title="$t('sv.rules')" name="rules">
          <el-form label-width="200px" data-test="sv-rules">
            <el-form-item v-for="k in NUM" :key="k" :label="$t('sv.rule.' + k)" :error="rulesErrs[k]"><el-input v-model="rules[k]" style="width: 120px"></el-input></el-form-item>
            <el-form-item :label="$t('sv.rule.cadence')">
              <el-radio-group v-model="rules.cadence"><el-radio value="monthly">{{ $t('sv.rule.monthly') }}</el-radio><el-radio value="quarterly">{{ $t('sv.rule.quarterly') }}</el-radio></el-radio-group>
            </el-form-item>
            <el-form-item :label="$t('sv.rule.remind_before')" :error="rulesErrs.remind_before"><el-input v-model="rulesText.remind_before" style="width: 160px"></el-input></el-form-item>
            <el-form-item :label="$t('sv.rule.remind_after')" :error="rulesErrs.remind_after"><el-input v-model="rulesText.remind_after" style="width: 160px"></el-input></el-form-item>
            <el-form-item v-for="k in SCORE" :key="k" :label="$t('sv.rule.score.' + k)" :error="rulesErrs['score.' + k]"><el-input v-model="rules.score[k]" style="width: 120px"></el-input></el-form-item>
            <el-form-item><el-button type="primary" :loading="rulesBusy" @click="saveRules" data-test="sv-rules-save">{{ $t('common.save') }}</el-button></el-form-item>
          </el-form>
        </el-collapse-item>
      </el-collapse>
    </page-card>`,
  };

  area.routes.push(
    { path: '/scores', name: 'scores', component: ScoresPage, meta: { nav: '/scores', crumb: [{ key: 'nav.scores' }] } },
  );
});
