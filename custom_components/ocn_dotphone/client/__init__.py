"""A client for OCN My Page's 050 IP phone statements. No Home Assistant import here.

Glossary: the site's pages, as a person reads their names, and their names in the code.

==================================  ================================================
The site                            The code
==================================  ================================================
ログイン (OCN ID, パスワード)       ``PageKind.LOGIN``, ``OcnMyPageClient.login``
dアカウント / OCN IDでログイン      ``PageKind.LOGIN_CHOICE``
ワンタイムパスワード認証            ``PageKind.EMAIL_CODE``, ``submit_email_code``
パスワード変更のお願い              ``PageKind.PASSWORD_CHANGE``
規約に同意                          ``PageKind.TERMS``
マイページ (top)                    ``PageKind.TOP``
契約情報の確認 (連絡先電話番号)     ``PageKind.CONTACT``, ``submit_contact_number``
ご連絡方法の選択 (SMS / 電話音声)   ``PageKind.METHOD``, ``request_code``
連絡先・認証方式の選択              ``PageKind.CONTACT_AND_METHOD``
認証番号入力 (再通知する)           ``PageKind.CODE``, ``submit_code``, ``resend_code``
料金・ご利用明細                    ``PageKind.SERVICES``, ``get_account``
050IP電話利用明細 (ご確認月)        ``PageKind.STATEMENT``, ``list_months``,
                                    ``fetch_statement``
契約番号の選び方 (select, link…)    ``contract_choices``, ``OpenBy``
通話明細 次へ / page numbers        ``next_page``, ``numbered_page``, ``parse_calls``,
                                    ``fetch_statement(all_calls=True)``,
                                    ``fetch_statement(calls_since=…)``
ログインしています… (こちら)        interstitials, followed by ``_load``; forms that
                                    submit on load, ``Form.submits_itself``
フレーム / iframe                   ``_framed``: the frame that holds the step
javascript: リンク, onclick         ``scripted.resolve_scripts``: read as links, forms
通話明細ダウンロード (CSV)          ``csv_download``, ``parse_calls_csv``
セッションの有効期限が切れました    ``PageKind.SESSION_ENDED``, ``SessionExpired``
メンテナンス                        ``PageKind.MAINTENANCE``, ``Maintenance``
お客さま番号 / 契約番号             ``Account.customer_number``,
                                    ``Contract.contract_number``
==================================  ================================================
"""

from .client import DEFAULT_BASE_URL, OcnMyPageClient, normalize_phone
from .errors import (
    CannotConnect,
    CodeExpired,
    CodeRequired,
    ContactNumberAmbiguous,
    ContactNumberMismatch,
    ContactNumberSplit,
    InvalidCode,
    InvalidCredentials,
    LimitReached,
    Maintenance,
    OcnError,
    PasswordChangeRequired,
    SessionExpired,
    TermsAcceptanceRequired,
    TooManyAttempts,
    UnrecognizedPage,
)
from .models import Account, AuthMethod, Call, Contract, LoginResult, Statement
from .parsers import JST

__all__ = [
    "DEFAULT_BASE_URL",
    "JST",
    "Account",
    "AuthMethod",
    "Call",
    "CannotConnect",
    "CodeExpired",
    "CodeRequired",
    "ContactNumberAmbiguous",
    "ContactNumberMismatch",
    "ContactNumberSplit",
    "Contract",
    "InvalidCode",
    "InvalidCredentials",
    "LimitReached",
    "LoginResult",
    "Maintenance",
    "OcnError",
    "OcnMyPageClient",
    "PasswordChangeRequired",
    "SessionExpired",
    "Statement",
    "TermsAcceptanceRequired",
    "TooManyAttempts",
    "UnrecognizedPage",
    "normalize_phone",
]
