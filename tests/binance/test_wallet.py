"""Wallet SAPI end to end through both clients: deposits, withdrawals, dust and dividends move ledger money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.both import Both
from tradewire.core.errors import BadRequest, ExchangeError, InsufficientFunds, ValidationError
from tradewire.sim.binance.server import BinanceSim

D = Decimal


def test_deposits_dividends_and_asset_detail(bn: Both) -> None:
    rows = bn.deposit_history()
    assert [(d.coin, d.amount, d.status, d.network) for d in rows] == [
        ("ETH", D(10), 1, "ETH"), ("BTC", D("0.999"), 1, "BTC"), ("USDT", D(10000), 1, "TRX")]
    assert rows[0].address == bn.deposit_address("ETH").address and rows[0].tx_id == "0xsim00000003"
    assert [d.amount for d in bn.deposit_history("BTC")] == [D("0.999")]
    assert bn.deposit_history(status=0) == []
    div = bn.dividends()
    assert div.total == 1 and [(r.asset, r.amount, r.en_info) for r in div.rows] == [
        ("BTC", D("0.001"), "BTC distribution")]  # with the deposit: the opening 1 BTC
    assert bn.account().balance("BTC").free == D(1)
    detail = bn.asset_detail()
    assert sorted(detail) == ["BNB", "BTC", "ETH", "USDT"]
    assert (detail["USDT"].withdraw_fee, detail["USDT"].min_withdraw_amount) == (D(1), D(10))


def test_withdraw_takes_amount_and_fee(bn: Both, sim: BinanceSim) -> None:
    wid = bn.withdraw("BTC", "bc1qsimaddress", D("0.01"), withdraw_order_id="w-1")
    assert bn.account().balance("BTC").free == D("0.99")
    (w,) = bn.withdraw_history()
    assert (w.id, w.coin, w.amount, w.transaction_fee, w.status, w.withdraw_order_id, w.address) == (
        wid, "BTC", D("0.0095"), D("0.0005"), 6, "w-1", "bc1qsimaddress")
    assert [x.id for x in bn.withdraw_history("ETH")] == []
    assert sim.exchange.ledger.balance("0", "spot", "BTC") == D("0.0005")  # the fee (the house pays none)
    with pytest.raises(BadRequest, match=r"\[-4022\] The amount must be at least 0.01 ETH."):
        bn.withdraw("ETH", "0xsim", D("0.001"))
    with pytest.raises(InsufficientFunds, match=r"\[-4026\] User has insufficient balance."):
        bn.withdraw("ETH", "0xsim", D("11"))
    with pytest.raises(BadRequest, match=r"\[-4018\] The asset does not exist."):
        bn.withdraw("XRP", "rSim", D("100"))
    with pytest.raises(ExchangeError, match=r"\[-4019\]"):
        bn.withdraw("BTC", "bc1qsim", D("0.01"), network="ETH")
    with pytest.raises(ValidationError, match="address"):
        bn.withdraw("BTC", "not an address!", D("0.01"))
    assert bn.account().balance("ETH").free == D(10)


def test_dust_to_bnb_and_its_log(bn: Both) -> None:
    bn.withdraw("ETH", "0xsim", D("9.999"))  # leaves 0.001 ETH, worth 3.2 USDT
    dust = bn.dust(["ETH"])
    # 0.001 x 3200 / 65000 = 0.00004923 BTC = 0.004923 BNB, less 2%
    assert (dust.total_transfered, dust.total_service_charge) == (D("0.00482454"), D("0.00009846"))
    (row,) = dust.transfer_result
    assert (row.from_asset, row.amount, row.transfered_amount) == ("ETH", D("0.001"), D("0.00482454"))
    acct = bn.account()
    assert (acct.balance("ETH").free, acct.balance("BNB").free) == (D(0), D("0.00482454"))
    log = bn.request("GET", "/sapi/v1/asset/dribblet")
    assert log["total"] == 1 and log["userAssetDribblets"][0]["totalTransferedAmount"] == "0.00482454"
    with pytest.raises(ExchangeError, match=r"\[-5004\] The residual balances of USDT have exceeded 0.001BTC."):
        bn.dust(["USDT"])
    with pytest.raises(InsufficientFunds, match=r"\[-5003\]"):
        bn.dust(["ETH"])


def test_coins_show_balances_and_the_wallet_networks(bn: Both) -> None:
    bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC")
    coins = {c.coin: c for c in bn.coins()}
    assert sorted(coins) == ["BNB", "BTC", "ETH", "USDT"]
    usdt = coins["USDT"]
    assert (usdt.name, usdt.free, usdt.locked, usdt.freeze, usdt.withdrawing) == (
        "TetherUS", D(9400), D(600), D(0), D(0))
    (net,) = usdt.network_list
    assert (net.network, net.is_default, net.withdraw_fee, net.withdraw_min, net.withdraw_max) == (
        "TRX", True, D(1), D(10), D("9999999999.99999999"))
    assert [(c.coin, c.network_list[0].network, c.network_list[0].withdraw_fee) for c in coins.values()] == [
        ("BNB", "BSC", D("0.001")), ("BTC", "BTC", D("0.0005")), ("ETH", "ETH", D("0.005")),
        ("USDT", "TRX", D(1))]
