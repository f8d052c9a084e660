/* innocity web UI — auth: login page (用户登录). */
'use strict';
IC.module('auth', ({ t, api, push, rules, store, area }) => {
  const { reactive, ref, computed } = Vue;

  // ------------------------------------------------------------------ login
  const LoginPage = {
    setup() {
      const route = VueRouter.useRoute();
      const form = reactive({ username: '', password: '' });
      const formRef = ref(null);
      const loading = ref(false);
      const error = ref('');
      const formRules = computed(() => ({
        username: [rules.required()],
        password: [rules.required()],
      }));
      // One sign-in at a time: Enter and the button both submit the form, and a second
      // answer would send the user away from the deep link the first one opened.
      let pending = false;
      async function submit() {
        if (pending) return;
        pending = true;
        error.value = '';
        const ok = await formRef.value.validate().catch(() => false);
        if (!ok) {
          pending = false;
          return;
        }
        loading.value = true;
        try {
          const r = await api.post('/auth/login', { username: form.username.trim(), password: form.password }, { quiet: true, allow401: true });
          store.signIn(r);
          form.password = '';
          if (r.user && r.user.must_change_password) push('/password', true);
          else push(route.query.next && route.query.next.startsWith('/') && !route.query.next.startsWith('/login') ? route.query.next : '/', true);
        } catch (e) {
          error.value = e.message || t('login.failed');
        } finally {
          loading.value = false;
          pending = false;
        }
      }
      return { form, formRef, formRules, loading, error, submit, t, store, IC, icons: ElementPlusIconsVue };
    },
    template: `<div class="login-page">
      <div class="login-lang">
        <el-radio-group :model-value="store.lang" size="small" @change="store.setLang">
          <el-radio-button value="zh" data-test="lang-zh">简体中文</el-radio-button>
          <el-radio-button value="en" data-test="lang-en">English</el-radio-button>
        </el-radio-group>
      </div>
      <div class="login-box">
        <div class="login-brand">
          <div class="brand-mark">创</div>
          <h1>{{ $t('app.title') }}</h1>
          <p v-if="store.lang === 'en'" class="login-sub">创新型城市建设监测评价平台</p>
        </div>
        <el-card class="login-card" shadow="always">
          <h2>{{ $t('login.title') }}</h2>
          <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb" data-test="login-error"></el-alert>
          <el-form ref="formRef" :model="form" :rules="formRules" label-position="top" @submit.prevent="submit" size="large">
            <el-form-item :label="$t('login.username')" prop="username">
              <el-input id="login-username" data-test="login-username" v-model="form.username" autofocus autocomplete="username" :prefix-icon="icons.User"></el-input>
            </el-form-item>
            <el-form-item :label="$t('login.password')" prop="password">
              <el-input id="login-password" data-test="login-password" v-model="form.password" type="password" show-password autocomplete="current-password"></el-input>
            </el-form-item>
            <el-button id="login-submit" data-test="login-submit" type="primary" native-type="submit" :loading="loading" class="full">{{ $t('login.submit') }}</el-button>
          </el-form>
          <p class="login-foot">{{ $t('login.footer') }}</p>
        </el-card>
      </div>
    </div>`,
  };

  area.routes.push(
    { path: '/login', name: 'login', component: LoginPage, meta: { public: true, bare: true } },
  );
});
