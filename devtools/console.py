"""What ``scripts/develop`` says on its console, in English and in Japanese (``--language``)."""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "port_in_use": "Port {port} is in use (another Home Assistant?): choose one with {option}",
        "starting_ha": "Starting Home Assistant (its output goes to config/console.log) ...",
        "stopped": "Stopped: {error}. See {log} and config/home-assistant.log",
        "stopping": "Stopping Home Assistant and the simulator ...",
        "guide": """
Home Assistant is running at {ha_url}/
  Log in as {user!r} with password {password!r}.

Add the integration: Settings > Devices & services > Add integration > OCN ドットフォン
  OCN ID (email address): {username}
  OCN ID password:        {ocn_password}
  Contact phone number:   {phone}
  Site address (under Advanced): {sim_url}   (the simulator of OCN My Page)
Choose SMS; the 6-digit code appears below, on this console, as it would on the phone
(also at {sim_url}_sim/outbox).

Then open the example dashboard: {ha_url}/{dashboard}
Press Ctrl+C to stop both.
""",
        "failed": "FAILED: {error}",
        "died": "Home Assistant died by signal {signal} while stopping.",
        "passed_then_died": "Stopped after every step passed.",
        "exit_status": "FAILED: Home Assistant exited with status {status}",
        "stopped_cleanly": "Stopped cleanly.",
        "demo_start": "Starting the simulator at {sim_url} and Home Assistant at {ha_url}/ ...",
        "demo_adding": "Onboarded; adding OCN ドットフォン through the config flow (SMS code) ...",
        "demo_created": "Created {title!r}; waiting for the first data ...",
        "demo_dashboard": "The example dashboard shows {count} of the integration's entities.",
        "last_lines": "--- last lines of {name} ---",
    },
    "ja": {
        "port_in_use": "ポート {port} は使用中です（別の Home Assistant?）。{option} で別のポートを指定してください",
        "starting_ha": "Home Assistant を起動しています（出力は config/console.log へ）…",
        "stopped": "停止しました: {error}。{log} と config/home-assistant.log をご覧ください",
        "stopping": "Home Assistant とシミュレーターを停止しています…",
        "guide": """
Home Assistant が {ha_url}/ で動いています
  ユーザー名 {user!r}、パスワード {password!r} でログインしてください。

連携の追加: 設定 > デバイスとサービス > 統合を追加 > OCN ドットフォン
  OCN ID（メールアドレス）: {username}
  OCN ID のパスワード:      {ocn_password}
  連絡先電話番号:           {phone}
  サイトのアドレス（詳細設定）: {sim_url}（OCN マイページのシミュレーター）
SMS を選ぶと、6 桁の認証番号が携帯電話の代わりにこのコンソールに表示されます
（{sim_url}_sim/outbox でも確認できます）。

そのあとサンプルダッシュボードを開いてください: {ha_url}/{dashboard}
Ctrl+C で両方を停止します。
""",
        "failed": "失敗: {error}",
        "died": "Home Assistant は停止中にシグナル {signal} で終了しました。",
        "passed_then_died": "すべての手順が成功したあとに停止しました。",
        "exit_status": "失敗: Home Assistant が終了コード {status} で終了しました",
        "stopped_cleanly": "正常に停止しました。",
        "demo_start": "シミュレーターを {sim_url} で、Home Assistant を {ha_url}/ で起動しています…",
        "demo_adding": "初期設定が終わりました。設定フローで OCN ドットフォンを追加しています（SMS の認証番号）…",
        "demo_created": "{title!r} を作成しました。最初のデータを待っています…",
        "demo_dashboard": "サンプルダッシュボードには連携のエンティティが {count} 個表示されます。",
        "last_lines": "--- {name} の最後の行 ---",
    },
}


def say(language: str, key: str, **values: Any) -> str:
    """The message ``key`` in ``language`` (English for any other), filled in."""
    return MESSAGES.get(language, MESSAGES["en"])[key].format(**values)
