/* innocity web UI — auth: user management (用户管理, admins only). */
'use strict';
IC.module('auth', ({ t, api, store, area, useList, rules }) => {
  const { reactive, ref, computed, onMounted, nextTick } = Vue;

  // ------------------------------------------------------------------ users (admin)
  const UsersPage = {
    setup() {
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
      const save = () => IC.submitForm(formRef, errs, (b) => (dlg.saving = b), async () => {
        if (dlg.mode === 'create') {
          await api.post('/users', { username: form.username.trim(), display_name: form.display_name.trim(), role: form.role, org_id: form.org_id, password: form.password });
        } else {
          await api.put('/users/' + dlg.user.id, { display_name: form.display_name.trim(), role: form.role, org_id: form.org_id, disabled: form.disabled });
        }
        dlg.open = false;
        ElementPlus.ElMessage.success(t('common.saved'));
        list.load();
      });

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
    template: `<page-card :title="$t('nav.users')">
      <template #extra><el-button type="primary" @click="openCreate" data-test="user-create"><el-icon><icon-plus></icon-plus></el-icon><span>{{ $t('user.create') }}</span></el-button></template>
      <el-form :inline="true" class="filter-bar" @submit.prevent="list.search()">
        <el-form-item :label="$t('common.keyword')"><el-input v-model="f.q" clearable :placeholder="$t('user.search_ph')" style="width: 180px" @keyup.enter="list.search()" @clear="list.search()"></el-input></el-form-item>
        <el-form-item :label="$t('user.role')">
          <el-select v-model="f.role" clearable :placeholder="$t('common.all')" style="width: 160px" @change="list.search()"><el-option v-for="o in IC.codeOptions('roles')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
        </el-form-item>
        <el-form-item :label="$t('user.org')"><div style="width: 220px"><org-select v-model="f.org_id" :placeholder="$t('common.all')" @update:model-value="list.search()"></org-select></div></el-form-item>
        <el-form-item>
          <el-button type="primary" @click="list.search()"><el-icon><icon-search></icon-search></el-icon><span>{{ $t('common.search') }}</span></el-button>
          <el-button @click="reset">{{ $t('common.reset') }}</el-button>
        </el-form-item>
      </el-form>
      <el-table :data="list.state.items" v-loading="list.state.loading" stripe border :empty-text="$t('common.empty')" data-test="users-table">
        <el-table-column :label="$t('user.username')" width="170"><template #default="{ row }">{{ row.username }} <demo-tag v-if="row.demo"></demo-tag></template></el-table-column>
        <el-table-column :label="$t('user.display_name')" prop="display_name" min-width="130"></el-table-column>
        <el-table-column :label="$t('user.role')" width="140"><template #default="{ row }">{{ IC.codeLabel('roles', row.role) }}</template></el-table-column>
        <el-table-column :label="$t('user.org')" min-width="180"><template #default="{ row }"><a v-if="row.org" class="link" :href="'#/orgs/' + row.org.id">{{ row.org.name }}</a></template></el-table-column>
        <el-table-column :label="$t('user.state')" width="170">
          <template #default="{ row }">
            <el-tag :type="row.disabled ? 'info' : 'success'" size="small">{{ row.disabled ? $t('user.disabled') : $t('user.enabled') }}</el-tag>
            <el-tag v-if="row.must_change_password" type="warning" size="small" class="ml">{{ $t('user.must_change') }}</el-tag>
          </template>
        </el-table-column>
        <el-table-column :label="$t('user.last_login')" width="150"><template #default="{ row }">{{ IC.fmtTime(row.last_login_at) || '—' }}</template></el-table-column>
        <el-table-column :label="$t('common.actions')" width="170" fixed="right">
          <template #default="{ row }">
            <el-button link type="primary" @click="openEdit(row)" :data-test="'user-edit-' + row.username">{{ $t('common.edit') }}</el-button>
            <el-button link type="warning" @click="openPw(row)" :data-test="'user-pw-' + row.username">{{ $t('user.reset_pw') }}</el-button>
          </template>
        </el-table-column>
      </el-table>
      <pager :list="list"></pager>

      <el-dialog v-model="dlg.open" :title="dlg.mode === 'create' ? $t('user.create') : $t('user.edit') + ' · ' + form.username" width="560px" append-to-body>
        <el-form ref="formRef" :model="form" :rules="formRules" label-width="110px" @submit.prevent="save">
          <el-form-item :label="$t('user.username')" prop="username" :error="errs.username"><el-input id="user-username" v-model="form.username" :disabled="dlg.mode === 'edit'" autocomplete="off"></el-input></el-form-item>
          <el-form-item :label="$t('user.display_name')" prop="display_name" :error="errs.display_name"><el-input id="user-display-name" v-model="form.display_name"></el-input></el-form-item>
          <el-form-item :label="$t('user.role')" prop="role" :error="errs.role">
            <el-select v-model="form.role" style="width: 100%"><el-option v-for="o in IC.codeOptions('roles')" :key="o.value" :label="o.label" :value="o.value"></el-option></el-select>
          </el-form-item>
          <el-form-item :label="$t('user.org')" prop="org_id" :error="errs.org_id"><org-select v-model="form.org_id" :initial-label="dlg.user && dlg.user.org ? dlg.user.org.name : ''" :placeholder="$t('user.org_ph')"></org-select></el-form-item>
          <el-form-item v-if="dlg.mode === 'create'" :label="$t('user.password')" prop="password" :error="errs.password">
            <el-input id="user-password" v-model="form.password" type="password" show-password autocomplete="new-password"></el-input>
            <div class="form-hint">{{ $t('password.policy') }}</div>
          </el-form-item>
          <el-form-item v-if="dlg.mode === 'edit'" :label="$t('user.disabled')" :error="errs.disabled"><el-switch v-model="form.disabled"></el-switch></el-form-item>
        </el-form>
        <template #footer>
          <el-button @click="dlg.open = false" data-test="user-cancel">{{ $t('common.cancel') }}</el-button>
          <el-button type="primary" :loading="dlg.saving" @click="save" data-test="user-save">{{ $t('common.save') }}</el-button>
        </template>
      </el-dialog>

      <el-dialog v-model="pw.open" :title="$t('user.reset_pw_title', { name: pw.user ? pw.user.display_name + ' (' + pw.user.username + ')' : '' })" width="480px" append-to-body>
        <el-form ref="pwRef" :model="pw" :rules="pwRules" label-width="100px" @submit.prevent="savePw">
          <el-form-item :label="$t('user.new_password')" prop="password" :error="pw.error"><el-input v-model="pw.password" type="password" show-password autocomplete="new-password"></el-input><div class="form-hint">{{ $t('password.policy') }}</div></el-form-item>
        </el-form>
        <template #footer><dialog-footer :busy="pw.saving" test="user-pw-save" @cancel="pw.open = false" @confirm="savePw"></dialog-footer></template>
      </el-dialog>
    </page-card>`,
  };

  area.routes.push(
    { path: '/users', name: 'users', component: UsersPage, meta: { nav: '/users', access: 'admin', crumb: [{ key: 'nav.users' }] } },
  );
});
