"""Tests a Service workflow with the official Python client against a fresh miniplane per test."""
import ipaddress

import pytest
from kubernetes import client
from kubernetes.client.rest import ApiException


def test_a_service_gets_a_cluster_ip(miniplane):
    body = client.V1Service(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1ServiceSpec(selector={"app": "web"}, ports=[client.V1ServicePort(port=80, target_port=8080)]),
    )
    created = miniplane.core.create_namespaced_service("default", body)
    assert ipaddress.ip_address(created.spec.cluster_ip) in ipaddress.ip_network("10.96.0.0/12")
    names = [s.metadata.name for s in miniplane.core.list_namespaced_service("default").items]
    assert names == ["kubernetes", "web"]


def test_each_test_starts_empty(miniplane):
    names = [s.metadata.name for s in miniplane.core.list_namespaced_service("default").items]
    assert names == ["kubernetes"]


def test_errors_are_kube_statuses(miniplane):
    with pytest.raises(ApiException) as missing:
        miniplane.core.read_namespaced_service("nope", "default")
    assert missing.value.status == 404
    assert '"reason":"NotFound"' in missing.value.body
