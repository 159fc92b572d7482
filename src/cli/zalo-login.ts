/**
 * npm run zalo:login: shows a QR code (in the terminal and as a PNG beside the credentials file); scan it with the Zalo
 * app of the account the bot will use. The credentials are saved with mode 0600 and never printed.
 */
import path from "node:path";
import QRCode from "qrcode";
import { LoginQRCallbackEventType, Zalo } from "zca-js";
import { loadConfigFromProcess } from "../config.js";
import { saveCredentials } from "../platforms/zalo/login.js";
import { runCli } from "./run.js";

await runCli(async () => {
  const config = loadConfigFromProcess();
  const file = config.zalo.credentialsFile;
  const png = path.join(path.dirname(file), "zalo-login-qr.png");
  let saved = false;
  await new Zalo().loginQR({ qrPath: png }, async (event) => {
    switch (event.type) {
      case LoginQRCallbackEventType.QRCodeGenerated:
        await event.actions.saveToFile(png);
        console.log(await QRCode.toString(event.data.code, { type: "terminal", small: true }));
        console.log(`Quét mã QR bằng ứng dụng Zalo (Scan with the Zalo app). The QR is also saved as ${png}`);
        break;
      case LoginQRCallbackEventType.QRCodeExpired:
        console.log("Mã QR đã hết hạn, đang tạo mã mới… (QR expired, making a new one)");
        event.actions.retry();
        break;
      case LoginQRCallbackEventType.QRCodeDeclined:
        console.log("Đăng nhập bị từ chối trên điện thoại. (Login declined on the phone.)");
        event.actions.abort();
        break;
      case LoginQRCallbackEventType.QRCodeScanned:
        console.log("Đã quét, hãy xác nhận trên điện thoại. (Scanned; confirm on the phone.)");
        break;
      case LoginQRCallbackEventType.GotLoginInfo:
        saveCredentials(file, event.data);
        saved = true;
        break;
    }
  });
  if (!saved) throw new Error("Zalo login did not complete; nothing was saved.");
  console.log(`Đã lưu đăng nhập Zalo vào ${file} (chế độ 0600). Khởi động lại bot: npm start`);
  return 0;
});
