/* innocity web UI — system: audit log (审计日志, admins and coordinators). */
'use strict';
IC.module('system', ({ t, area, useList }) => {
  const { reactive, onMounted } = Vue;

  // ------------------------------------------------------------------ audit log
  const AuditPage = {
    setup() {
      const f = reactive({ entity: '', action: '', user: '', dates: null });
      const params = () => ({ entity: f.entity, action: f.action, user: f.user, from: f.dates ? f.dates[0] : '', to: f.dates ? f.dates[1] : '' });
      const list = useList('/audit', params);
      onMounted(list.load);
      const actions = ['create', 'update', 'delete', 'login', 'logout', 'login_failed', 'login_attempt', 'login_refused', 'transition', 'password'];
      const entities = ['user', 'org', 'region', 'indicator', 'participant', 'programme', 'batch', 'session', 'plan'];
      const label = (kind, code) => { const k = kind + '.' + code; const s = t(k); return s === k ? code : s; };
      const actionType = { create: 'success', update: 'primary', delete: 'danger', login: 'info', logout: 'info', login_failed: 'warning', login_attempt: 'info', login_refused: 'danger', transition: 'warning', password: 'info' };
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
    template: `<page-card :title="$t('nav.audit')">
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="$t('audit.entity')">
          <el-select v-model="f.entity" clearable filterable allow-create :placeholder="$t('common.all')" style="width: 150px" @change="list.search()" data-test="audit-entity">
            <el-option v-for="e in entities" :key="e" :label="label('entity', e)" :value="e"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="$t('audit.action')">
          <el-select v-model="f.action" clearable :placeholder="$t('common.all')" style="width: 140px" @change="list.search()" data-test="audit-action">
            <el-option v-for="a in actions" :key="a" :label="label('action', a)" :value="a"></el-option>
          </el-select>
        </el-form-item>
        <el-form-item :label="$t('audit.user')"><el-input v-model="f.user" clearable :placeholder="$t('audit.user_ph')" style="width: 140px" @keyup.enter="list.search()" @clear="list.search()"></el-input></el-form-item>
        <el-form-item :label="$t('audit.date_range')">
          <el-date-picker v-model="f.dates" type="daterange" value-format="YYYY-MM-DD" :start-placeholder="$t('audit.from')" :end-placeholder="$t('audit.to')" style="width: 250px" @change="list.search()"></el-date-picker>
        </el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()"><el-icon><icon-search></icon-search></el-icon><span>{{ $t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ $t('common.reset') }}</el-button>
          <el-button @click="exportCsv"><el-icon><icon-download></icon-download></el-icon><span>{{ $t('common.export') }}</span></el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="$t('common.empty')" row-key="id" data-test="audit-table">
        <el-table-column type="expand">
          <template #default="{ row }">
            <div class="audit-expand">
              <div><div class="json-title">{{ $t('audit.before') }}</div><json-view :value="row.before"></json-view></div>
              <div><div class="json-title">{{ $t('audit.after') }}</div><json-view :value="row.after"></json-view></div>
            </div>
          </template>
        </el-table-column>
        <el-table-column :label="$t('audit.at')" width="160"><template #default="{ row }">{{ IC.fmtTime(row.at) }}</template></el-table-column>
        <el-table-column :label="$t('audit.user')" width="140"><template #default="{ row }">{{ row.user ? row.user.username : $t('audit.system') }}</template></el-table-column>
        <el-table-column :label="$t('audit.action')" width="120"><template #default="{ row }"><el-tag size="small" :type="actionType[row.action] || 'info'">{{ label('action', row.action) }}</el-tag></template></el-table-column>
        <el-table-column :label="$t('audit.entity')" width="130"><template #default="{ row }">{{ label('entity', row.entity) }}</template></el-table-column>
        <el-table-column :label="$t('audit.entity_id')" min-width="120" prop="entity_id"></el-table-column>
      </el-table>
      <pager :list="list"></pager>
    </page-card>`,
  };

  area.routes.push(
    { path: '/audit', name: 'audit', component: AuditPage, meta: { nav: '/audit', access: 'audit', crumb: [{ key: 'nav.audit' }] } },
  );
});
