/* innocity web UI — auth: password change (修改密码), forced after a reset. */
'use strict';
IC.module('auth', ({ t, api, push, store, area, rules }) => {
  const { reactive, ref, computed } = Vue;

  // ------------------------------------------------------------------ password change
  const PasswordPage = {
    setup() {
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
      const submit = () => IC.submitForm(formRef, errs, (b) => (loading.value = b), async () => {
        await api.post('/auth/password', { old_password: form.old_password, new_password: form.new_password });
        ElementPlus.ElMessage.success(t('password.changed'));
        await IC.loadMe();
        push('/');
      });
      return { form, errs, formRef, formRules, loading, forced, submit, t };
    },
    template: `<page-card :title="$t('password.title')">
      <el-alert v-if="forced" :title="$t('password.forced')" type="warning" show-icon :closable="false" class="mb" data-test="password-forced"></el-alert>
      <el-form ref="formRef" :model="form" :rules="formRules" label-width="140px" style="max-width: 560px" @submit.prevent="submit">
        <el-form-item :label="$t('password.old')" prop="old_password" :error="errs.old_password">
          <el-input id="pw-old" v-model="form.old_password" type="password" show-password autocomplete="current-password"></el-input>
        </el-form-item>
        <el-form-item :label="$t('password.new')" prop="new_password" :error="errs.new_password">
          <el-input id="pw-new" v-model="form.new_password" type="password" show-password autocomplete="new-password"></el-input>
          <div class="form-hint">{{ $t('password.policy') }}</div>
        </el-form-item>
        <el-form-item :label="$t('password.confirm')" prop="confirm">
          <el-input id="pw-confirm" v-model="form.confirm" type="password" show-password autocomplete="new-password"></el-input>
        </el-form-item>
        <el-form-item>
          <el-button type="primary" native-type="submit" :loading="loading" data-test="password-submit">{{ $t('common.save') }}</el-button>
        </el-form-item>
      </el-form>
    </page-card>`,
  };

  area.routes.push(
    { path: '/password', name: 'password', component: PasswordPage, meta: { nav: '', crumb: [{ key: 'crumb.password' }] } },
  );
});
