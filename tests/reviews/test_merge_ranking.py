"""Issue 12, item 7: merge candidates are ranked by how alike they read, with a score and why."""

import pytest
from django.urls import reverse

from apps.reviews import selectors

pytestmark = pytest.mark.django_db


def test_merge_candidates_are_ranked_by_similarity_and_unlike_ones_are_set_apart(
        client, make_in_review, department, submitter, other_submitter, keshi):
    head = make_in_review(department=department, created_by=submitter, title="防溺水安全教育进校园",
                          content="开展防溺水安全教育讲座")
    unlike = make_in_review(department=department, created_by=submitter, title="消防疏散演练",
                            content="组织师生开展消防疏散演练")
    talk = make_in_review(department=department, created_by=submitter, title="防溺水专题讲座",
                          content="组织防溺水专题讲座，讲解防溺水知识")
    same = make_in_review(department=other_submitter.organisation, created_by=other_submitter,
                          title="防溺水安全教育进校园活动", content="开展防溺水安全教育讲座")
    ranked = selectors.ranked_merge_candidates(keshi, head)
    assert [a.pk for a in ranked] == [same.pk, talk.pk, unlike.pk]
    assert ranked[0].similarity.score > ranked[1].similarity.score > ranked[2].similarity.score == 0

    client.force_login(keshi)
    html = client.get(reverse("reviews:decide", args=[head.pk])).content.decode()
    merge = html[html.index("h-merge"):]
    assert merge.index("防溺水安全教育进校园活动") < merge.index("防溺水专题讲座") < merge.index("消防疏散演练")
    assert "标题同含“防溺水”" in merge and "内容不相近" in merge
    assert f'data-score="{ranked[0].similarity.score}"' in merge
