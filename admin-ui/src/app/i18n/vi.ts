import type { Dictionary } from '@ui/i18n';
import { accountText } from '@ui/account.i18n';
import { auditText } from '../audit/audit.i18n';
import { kpisText } from '../kpis/kpis.i18n';
import { orgText } from '../org/org.i18n';
import { formsText } from '../forms/forms.i18n';
import { rulesText } from '../rules/rules.i18n';
import { sourcesText } from '../sources/sources.i18n';
import { usersText } from '../users/users.i18n';
import { sopsText } from '../sops/sops.i18n';
import { changesText } from '../changes/changes.i18n';

/** Vietnamese, the default language (terms from the city's glossary): the shell's words plus each feature's. */
export const vi: Dictionary = {
  'app.title': 'CityOps — Quản trị IOC Đồng Xoài',
  'app.brand': 'CityOps · Quản trị',
  'nav.rules': 'Ngưỡng cảnh báo',
  'nav.forms': 'Biểu mẫu',
  'nav.logout': 'Đăng xuất',
  'lang.switch': 'English',
  'login.title': 'Đăng nhập quản trị',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.expired': 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
  'login.idle': 'Phiên làm việc đã kết thúc vì không có thao tác trong thời gian dài. Vui lòng đăng nhập lại.',
  'login.notAllowed': 'Tài khoản này không có quyền quản trị.',
  'common.save': 'Lưu',
  'common.cancel': 'Hủy',
  'common.add': 'Thêm',
  'common.remove': 'Xóa',
  'common.loading': 'Đang tải…',
  'common.yes': 'Có',
  'common.no': 'Không',
  'severity.info': 'Thông tin',
  'severity.warning': 'Cảnh báo',
  'severity.critical': 'Khẩn cấp',
  ...rulesText.vi,
  ...orgText.vi,
  ...usersText.vi,
  ...sourcesText.vi,
  ...kpisText.vi,
  ...auditText.vi,
  ...formsText.vi,
  ...sopsText.vi,
  ...changesText.vi,
  ...accountText.vi,
};
